package dev.stratus.server.watch;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A single-range HTTP {@code Range: bytes=…} request resolved against an object's size. Several
 * ranges in one header are answered with the whole object, which RFC 9110 allows.
 */
record ByteRange(long start, long length) {
  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  /** Thrown for a range that lies outside the object (HTTP 416). */
  static final class Unsatisfiable extends Exception {
    private static final long serialVersionUID = 1L;
  }

  long end() {
    return start + length - 1;
  }

  /** Empty when the whole object should be sent. */
  static Optional<ByteRange> parse(@Nullable String header, long size) throws Unsatisfiable {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = SINGLE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || size == 0) {
          throw new Unsatisfiable();
        }
        long length = Math.min(suffix, size);
        return Optional.of(new ByteRange(size - length, length));
      }
      long start = Long.parseLong(m.group(1));
      if (start >= size) {
        throw new Unsatisfiable();
      }
      long end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
      if (end < start) {
        throw new Unsatisfiable();
      }
      return Optional.of(new ByteRange(start, end - start + 1));
    } catch (NumberFormatException e) {
      // Digits too long for a long: no object is that large.
      throw new Unsatisfiable();
    }
  }
}
