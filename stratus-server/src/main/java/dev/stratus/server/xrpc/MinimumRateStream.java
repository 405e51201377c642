package dev.stratus.server.xrpc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A request body that must keep arriving at a floor rate, averaged over a window: a client that
 * trickles bytes to hold a connection open is cut off once a whole window has passed below the
 * floor. A client that sends nothing at all is the server's idle timeout's business; a read that
 * returns is this stream's.
 */
public final class MinimumRateStream extends FilterInputStream {
  /** The body came in slower than the floor over a whole window. */
  public static final class TooSlow extends IOException {
    private static final long serialVersionUID = 1L;

    TooSlow(String message) {
      super(message);
    }
  }

  private final long minBytesPerSecond;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private long windowStart;
  private long windowBytes;

  public MinimumRateStream(InputStream in, long minBytesPerSecond, Duration window, LongSupplier nanoTime) {
    super(in);
    this.minBytesPerSecond = minBytesPerSecond;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
    this.windowStart = nanoTime.getAsLong();
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    counted(b < 0 ? 0 : 1);
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    counted(Math.max(n, 0));
    return n;
  }

  private void counted(int bytes) throws TooSlow {
    windowBytes += bytes;
    long now = nanoTime.getAsLong();
    long elapsed = now - windowStart;
    if (elapsed < windowNanos) {
      return;
    }
    double bytesPerSecond = windowBytes * 1e9 / elapsed;
    if (bytesPerSecond < minBytesPerSecond) {
      throw new TooSlow(String.format(
          "the upload arrived at %.0f bytes/s over the last %d s; at least %d bytes/s is needed",
          bytesPerSecond, Math.round(elapsed / 1e9), minBytesPerSecond));
    }
    windowStart = now;
    windowBytes = 0;
  }
}
