package dev.stratus.core.job;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes an upload through while hashing it (SHA-256, for dedupe) and cutting it off one byte
 * past {@code limit}, so a client that lies about its size can't fill the disk.
 */
public final class CappedDigestStream extends FilterInputStream {
  /** Thrown once more than the limit has been read. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;
    private final long bytesRead;

    TooLarge(long bytesRead) {
      super("upload exceeds the size limit");
      this.bytesRead = bytesRead;
    }

    public long bytesRead() {
      return bytesRead;
    }
  }

  private final long limit;
  private final MessageDigest digest;
  private long count;

  public CappedDigestStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    // Read at most one byte past the limit: enough to know the client sent too much.
    long allowed = limit + 1 - count;
    int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, allowed)));
    if (n > 0) {
      count += n;
      if (count > limit) {
        throw new TooLarge(count);
      }
      digest.update(buffer, offset, n);
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

  /** The SHA-256 of what was read, in hex; call once, after the last read. */
  public String sha256Hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
