package dev.stratus.firehose;

import dev.stratus.atproto.Cid;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The blocks of a CAR v1 slice, as a commit's {@code blocks} carries them: a varint-prefixed
 * DAG-CBOR header, then varint-prefixed sections of a binary CID and its block. Every sha2-256
 * block is checked against its CID as it is read; a block whose bytes do not match is refused with
 * the whole slice.
 */
final class CarSlice {
  private final Map<CidLink, byte[]> blocks;

  private CarSlice(Map<CidLink, byte[]> blocks) {
    this.blocks = blocks;
  }

  static CarSlice read(byte[] car) {
    Cursor at = new Cursor(car);
    long headerLength = at.varint();
    at.skip(headerLength);
    Map<CidLink, byte[]> blocks = new HashMap<>();
    MessageDigest sha256 = Cid.sha256();
    while (at.remaining() > 0) {
      long sectionLength = at.varint();
      int sectionEnd = at.position + at.checkedLength(sectionLength);
      int cidStart = at.position;
      at.varint(); // version
      at.varint(); // codec
      at.varint(); // multihash code
      long digestLength = at.varint();
      at.skip(digestLength);
      CidLink cid = new CidLink(Arrays.copyOfRange(car, cidStart, at.position));
      if (at.position > sectionEnd) {
        throw new FrameException("a CAR section shorter than its CID");
      }
      byte[] block = Arrays.copyOfRange(car, at.position, sectionEnd);
      if (cid.isSha256() && !Arrays.equals(sha256.digest(block), cid.digest())) {
        throw new FrameException("a CAR block does not match its CID " + cid);
      }
      blocks.put(cid, block);
      at.position = sectionEnd;
    }
    return new CarSlice(blocks);
  }

  /** The block a CID names, or null when the slice does not hold it. */
  byte[] block(CidLink cid) {
    return blocks.get(cid);
  }

  int size() {
    return blocks.size();
  }

  /** Reads unsigned LEB128 varints and skips within bounds. */
  private static final class Cursor {
    private final byte[] bytes;
    private int position;

    Cursor(byte[] bytes) {
      this.bytes = bytes;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 63; shift += 7) {
        if (position >= bytes.length) {
          throw new FrameException("a CAR varint runs past the end");
        }
        int b = bytes[position++] & 0xff;
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new FrameException("a CAR varint longer than 9 bytes");
    }

    int checkedLength(long length) {
      if (length < 0 || length > remaining()) {
        throw new FrameException("a CAR length past the end of the slice");
      }
      return (int) length;
    }

    void skip(long length) {
      position += checkedLength(length);
    }

    int remaining() {
      return bytes.length - position;
    }
  }
}
