package dev.stratus.core.upload;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Tells from a file's first bytes whether it can be one of the containers the transcoder opens
 * (ISO BMFF/QuickTime, Matroska/WebM, MPEG program and transport streams, GIF, AVI, FLV, ASF,
 * Ogg). It is a cheap early refusal for bytes that are plainly not a video (a JPEG, a ZIP, a text
 * file); passing it proves nothing, the probe decides after the finish.
 */
final class ContainerSniffer {
  /** Enough for every signature below, including the second MPEG-TS sync byte. */
  static final int HEAD_BYTES = 200;

  // Top-level box types a QuickTime or MP4 file can start with.
  private static final Set<String> ISO_BOXES = Set.of("ftyp", "moov", "mdat", "free", "skip", "wide", "pnot", "uuid");
  private static final byte[] EBML = {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3};
  private static final byte[] MPEG_PACK = {0, 0, 1, (byte) 0xba};
  private static final byte[] MPEG_SEQUENCE = {0, 0, 1, (byte) 0xb3};
  private static final byte[] ASF = {0x30, 0x26, (byte) 0xb2, 0x75, (byte) 0x8e, 0x66, (byte) 0xcf, 0x11};
  private static final byte TS_SYNC = 0x47;

  private ContainerSniffer() {}

  static boolean looksLikeVideo(byte[] head) {
    return isoBox(head)
        || startsWith(head, 0, EBML)
        || startsWith(head, 0, MPEG_PACK)
        || startsWith(head, 0, MPEG_SEQUENCE)
        || transportStream(head, 0, 188)
        || transportStream(head, 4, 192)
        || ascii(head, 0, "GIF87a")
        || ascii(head, 0, "GIF89a")
        || (ascii(head, 0, "RIFF") && ascii(head, 8, "AVI "))
        || ascii(head, 0, "FLV")
        || startsWith(head, 0, ASF)
        || ascii(head, 0, "OggS");
  }

  private static boolean isoBox(byte[] head) {
    return head.length >= 8 && ISO_BOXES.contains(new String(head, 4, 4, StandardCharsets.ISO_8859_1));
  }

  /** A sync byte at {@code offset}, and another one packet later when the head reaches it. */
  private static boolean transportStream(byte[] head, int offset, int packet) {
    if (head.length <= offset || head[offset] != TS_SYNC) {
      return false;
    }
    return head.length <= offset + packet || head[offset + packet] == TS_SYNC;
  }

  private static boolean ascii(byte[] head, int offset, String text) {
    return startsWith(head, offset, text.getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean startsWith(byte[] head, int offset, byte[] prefix) {
    return head.length >= offset + prefix.length
        && Arrays.equals(head, offset, offset + prefix.length, prefix, 0, prefix.length);
  }
}
