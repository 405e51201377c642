package dev.stratus.firehose;

import dev.stratus.atproto.Cid;
import java.util.Arrays;

/**
 * A CID as DAG-CBOR links it (tag 42), kept in binary; {@link #toString()} is its string form
 * ({@code bafy…} for records, {@code bafk…} for blobs).
 */
public final class CidLink {
  private static final int VERSION_1 = 0x01;
  private static final int SHA2_256 = 0x12;
  private static final int SHA2_256_LENGTH = 0x20;
  private final byte[] bytes;

  /** From the binary CID (without DAG-CBOR's leading 0x00). */
  public CidLink(byte[] bytes) {
    if (bytes.length < 4 || (bytes[0] & 0xff) != VERSION_1) {
      throw new IllegalArgumentException("not a CIDv1");
    }
    this.bytes = bytes.clone();
  }

  /** Whether this is a CIDv1 over SHA-256, whose digest names the block's bytes. */
  boolean isSha256() {
    return bytes.length == 36 && (bytes[2] & 0xff) == SHA2_256 && (bytes[3] & 0xff) == SHA2_256_LENGTH;
  }

  /** The SHA-256 digest a sha2-256 CID carries. */
  byte[] digest() {
    return Arrays.copyOfRange(bytes, 4, 36);
  }

  /** Whether it names a raw blob (codec 0x55), as a video or caption file is. */
  public boolean isBlob() {
    return (bytes[1] & 0xff) == 0x55;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CidLink that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return Cid.text(bytes);
  }
}
