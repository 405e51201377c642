package dev.stratus.server.api;

import dev.stratus.server.xrpc.XrpcException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The part named {@code file} of a {@code multipart/form-data} body, as some clients (kbsky) send
 * uploads, read as a stream: the part's headers are parsed, then its bytes are passed through up to
 * the next boundary, never held in memory. Other parts before it are skipped.
 */
final class FormFile {
  static final String FIELD = "file";
  private static final int MAX_HEADER_LINE = 8 * 1024;
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"([^\"]+)\"|([^;\\s]+))");
  private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
  private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");

  /** The file part: its declared type and name (either may be absent) and its bytes. */
  record Part(@Nullable String contentType, @Nullable String filename, InputStream body) {}

  private FormFile() {}

  static boolean isForm(@Nullable String contentType) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  /** Reads up to the {@code file} part's bytes; refuses a form without one. */
  static Part open(String contentType, InputStream in) throws IOException {
    Matcher boundary = BOUNDARY.matcher(contentType);
    if (!boundary.find()) {
      throw XrpcException.invalidRequest("multipart/form-data without a boundary");
    }
    String value = boundary.group(2) != null ? boundary.group(2) : boundary.group(3);
    byte[] delimiter = ("\r\n--" + value).getBytes(StandardCharsets.ISO_8859_1);
    Buffered source = new Buffered(in);
    HeaderReader headers = new HeaderReader(source);
    // The preamble ends at the first boundary line.
    String line;
    do {
      line = headers.line();
    } while (!line.equals("--" + value));
    while (true) {
      String disposition = null;
      String type = null;
      while (!(line = headers.line()).isEmpty()) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String text = line.substring(colon + 1).trim();
        if (name.equals("content-disposition")) {
          disposition = text;
        } else if (name.equals("content-type")) {
          type = text;
        }
      }
      BoundedPart body = new BoundedPart(source, delimiter);
      Matcher field = disposition == null ? null : NAME.matcher(disposition);
      if (field != null && field.find() && field.group(1).equals(FIELD)) {
        Matcher filename = FILENAME.matcher(disposition);
        return new Part(type, filename.find() ? filename.group(1) : null, body);
      }
      body.transferTo(java.io.OutputStream.nullOutputStream());
      // After a part: "--" ends the form, CRLF starts the next part.
      String rest = headers.line();
      if (rest.startsWith("--")) {
        throw XrpcException.invalidRequest("the form has no part named \"" + FIELD + "\"");
      }
    }
  }

  /** The request body with one read-ahead buffer, shared by the header lines and the parts. */
  private static final class Buffered {
    private final InputStream in;
    final byte[] buffer = new byte[64 * 1024];
    int start;
    int end;
    boolean eof;

    Buffered(InputStream in) {
      this.in = in;
    }

    /** Reads more after what is buffered, moving it to the front first. */
    void fill() throws IOException {
      if (start > 0) {
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        start = 0;
      }
      int n = in.read(buffer, end, buffer.length - end);
      if (n < 0) {
        eof = true;
      } else {
        end += n;
      }
    }

    /** The next byte, or -1 at the end. */
    int next() throws IOException {
      while (start == end) {
        if (eof) {
          return -1;
        }
        fill();
      }
      return buffer[start++] & 0xff;
    }
  }

  /** Reads CRLF-terminated header lines, bounded so a hostile form cannot make it buffer much. */
  private static final class HeaderReader {
    private final Buffered source;
    private int total;

    HeaderReader(Buffered source) {
      this.source = source;
    }

    String line() throws IOException {
      StringBuilder line = new StringBuilder();
      while (true) {
        int b = source.next();
        if (b < 0) {
          throw XrpcException.invalidRequest("the form ended before its file part");
        }
        if (++total > MAX_HEADER_BYTES || line.length() > MAX_HEADER_LINE) {
          throw XrpcException.invalidRequest("the form's headers are too long");
        }
        if (b == '\n') {
          int end = line.length();
          return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        }
        line.append((char) b);
      }
    }
  }

  /** A part's bytes: everything up to the delimiter, which is consumed but not returned. */
  private static final class BoundedPart extends InputStream {
    private final Buffered source;
    private final byte[] delimiter;
    private boolean ended;

    BoundedPart(Buffered source, byte[] delimiter) {
      this.source = source;
      this.delimiter = delimiter;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] out, int offset, int length) throws IOException {
      if (ended) {
        return -1;
      }
      if (length == 0) {
        return 0;
      }
      while (true) {
        int match = indexOf(source.buffer, source.start, source.end, delimiter);
        if (match == source.start) {
          ended = true;
          source.start += delimiter.length;
          return -1;
        }
        if (match >= 0) {
          return copy(out, offset, Math.min(length, match - source.start));
        }
        // Bytes that cannot be the start of a delimiter are safe to hand out.
        int safe = source.end - source.start - (delimiter.length - 1);
        if (safe > 0) {
          return copy(out, offset, Math.min(length, safe));
        }
        if (source.eof) {
          throw XrpcException.invalidRequest("the form ended inside its file part");
        }
        source.fill();
      }
    }

    private int copy(byte[] out, int offset, int n) {
      System.arraycopy(source.buffer, source.start, out, offset, n);
      source.start += n;
      return n;
    }

    private static int indexOf(byte[] data, int from, int to, byte[] pattern) {
      outer:
      for (int i = from; i <= to - pattern.length; i++) {
        for (int j = 0; j < pattern.length; j++) {
          if (data[i + j] != pattern[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }

  /** The video type from a file name's extension, or null. */
  static @Nullable String typeOfName(@Nullable String filename) {
    if (filename == null) {
      return null;
    }
    String lower = filename.toLowerCase(Locale.ROOT);
    int dot = lower.lastIndexOf('.');
    String extension = dot < 0 ? "" : lower.substring(dot + 1);
    return switch (extension) {
      case "mp4", "m4v" -> "video/mp4";
      case "mov", "qt" -> "video/quicktime";
      case "webm" -> "video/webm";
      case "mpeg", "mpg" -> "video/mpeg";
      case "gif" -> "image/gif";
      default -> null;
    };
  }
}
