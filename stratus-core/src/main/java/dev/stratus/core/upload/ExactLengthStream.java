package dev.stratus.core.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes exactly {@code expected} bytes through, or fails: a stream that ends early, or that goes
 * on past the expected length, throws {@link WrongLength} (after at most one byte too many is
 * read, so a runaway body is never buffered or stored). A blob store aborts the write on it.
 */
final class ExactLengthStream extends FilterInputStream {
  /** The body was not exactly the expected length. */
  static final class WrongLength extends IOException {
    private static final long serialVersionUID = 1L;

    WrongLength(String message) {
      super(message);
    }
  }

  private final long expected;
  private long count;

  ExactLengthStream(InputStream in, long expected) {
    super(in);
    this.expected = expected;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    // Ask for at most one byte past the expected length: enough to know there is too much.
    int n = super.read(buffer, offset, (int) Math.min(length, expected + 1 - count));
    if (n < 0) {
      if (count < expected) {
        throw new WrongLength("the part ended after " + count + " of " + expected + " bytes");
      }
      return -1;
    }
    count += n;
    if (count > expected) {
      throw new WrongLength("the part is longer than its " + expected + " bytes");
    }
    return n;
  }

  @Override
  public long skip(long n) {
    return 0;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
