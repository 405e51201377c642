package dev.stratus.core.job;

import java.security.SecureRandom;

/**
 * Job ids: 26 characters of base32hex ({@code 0-9a-v}) carrying 128 bits from a cryptographic
 * random source and nothing else (no time, no counter, no node), so one id says nothing about any
 * other: {@code getJobStatus} needs no auth, and a guessable id would show someone else's video
 * before it is posted. Ids of the earlier 20-character form (time-ordered) are still accepted.
 */
public final class JobId {
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();
  private static final int RANDOM_BYTES = 16;

  private final SecureRandom random = new SecureRandom();

  public String next() {
    byte[] raw = new byte[RANDOM_BYTES];
    random.nextBytes(raw);
    return encode(raw);
  }

  /** True when the text could be a job id, new or old form; checked before an id reaches storage. */
  public static boolean isValid(String text) {
    if (text.length() != 26 && text.length() != 20) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'v')) {
        return false;
      }
    }
    return true;
  }

  private static String encode(byte[] raw) {
    StringBuilder out = new StringBuilder(26);
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
    if (bits > 0) {
      out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }
}
