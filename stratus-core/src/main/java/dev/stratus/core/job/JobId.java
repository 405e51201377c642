package dev.stratus.core.job;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Job ids shaped like the real service's: 20 characters of base32hex (an "xid": 4 bytes of
 * seconds, 5 random bytes, a 3-byte counter), so they sort by creation time.
 */
public final class JobId {
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();
  private static final Pattern SYNTAX = Pattern.compile("[0-9a-v]{20}");

  private final Clock clock;
  private final byte[] processBytes = new byte[5];
  private final AtomicInteger counter;

  public JobId(Clock clock) {
    this.clock = clock;
    SecureRandom random = new SecureRandom();
    random.nextBytes(processBytes);
    this.counter = new AtomicInteger(random.nextInt());
  }

  public String next() {
    long seconds = clock.instant().getEpochSecond();
    int count = counter.getAndIncrement();
    byte[] raw = new byte[12];
    raw[0] = (byte) (seconds >>> 24);
    raw[1] = (byte) (seconds >>> 16);
    raw[2] = (byte) (seconds >>> 8);
    raw[3] = (byte) seconds;
    System.arraycopy(processBytes, 0, raw, 4, 5);
    raw[9] = (byte) (count >>> 16);
    raw[10] = (byte) (count >>> 8);
    raw[11] = (byte) count;
    return encode(raw);
  }

  /** True when the text could be a job id; checked before an id reaches storage. */
  public static boolean isValid(String text) {
    return SYNTAX.matcher(text).matches();
  }

  private static String encode(byte[] raw) {
    StringBuilder out = new StringBuilder(20);
    int buffer = 0;
    int bits = 0;
    for (byte b : raw) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    return out.toString();
  }
}
