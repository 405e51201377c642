package dev.stratus.testkit.media;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks the boxes (atoms) of an ISO-BMFF / QuickTime file held in memory: enough to tell where the
 * index ({@code moov}) sits and to find the few fields {@link HostileInputs} rewrites. Stops at the
 * first box that runs past the end, as a truncated file has.
 */
public final class Mp4Boxes {
  /** A box: its four-character type, where its header starts and its whole size in bytes. */
  public record Box(String type, int offset, int size) {
    /** Where the box's payload starts, after the 8-byte header. */
    public int payload() {
      return offset + 8;
    }

    public int end() {
      return offset + size;
    }
  }

  private Mp4Boxes() {}

  /** The top-level boxes in file order, e.g. {@code ftyp, free, mdat, moov}. */
  public static List<Box> topLevel(byte[] file) {
    return children(file, 0, file.length);
  }

  /** The first box found by following {@code path} from the top, e.g. {@code moov, trak, tkhd}. */
  public static Optional<Box> find(byte[] file, String... path) {
    int from = 0;
    int to = file.length;
    Box found = null;
    for (String type : path) {
      found = children(file, from, to).stream().filter(b -> b.type().equals(type)).findFirst().orElse(null);
      if (found == null) {
        return Optional.empty();
      }
      from = found.payload();
      to = found.end();
    }
    return Optional.ofNullable(found);
  }

  /** The position of the first top-level box of {@code type}, or -1. */
  public static int offsetOf(byte[] file, String type) {
    return topLevel(file).stream().filter(b -> b.type().equals(type)).mapToInt(Box::offset).findFirst().orElse(-1);
  }

  private static List<Box> children(byte[] file, int from, int to) {
    ByteBuffer buffer = ByteBuffer.wrap(file);
    List<Box> boxes = new ArrayList<>();
    int at = from;
    while (at + 8 <= to) {
      long size = Integer.toUnsignedLong(buffer.getInt(at));
      String type = new String(file, at + 4, 4, StandardCharsets.ISO_8859_1);
      if (size == 1 && at + 16 <= to) {
        size = buffer.getLong(at + 8); // a 64-bit "largesize" follows the type
      } else if (size == 0) {
        size = to - at; // "extends to the end of the file"
      }
      if (size < 8 || at + size > to) {
        break;
      }
      boxes.add(new Box(type, at, (int) size));
      at += (int) size;
    }
    return boxes;
  }
}
