package dev.stratus.atproto;

import java.util.Arrays;

/**
 * The Bitcoin base58 alphabet, as multibase prefix {@code z} uses it for atproto public keys. Only
 * short inputs (keys of a few dozen bytes) are expected, so the quadratic textbook algorithm is
 * fine.
 */
public final class Base58btc {
  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final int[] DIGITS = new int[128];

  static {
    Arrays.fill(DIGITS, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      DIGITS[ALPHABET.charAt(i)] = i;
    }
  }

  private Base58btc() {}

  /**
   * Decodes base58btc text (without multibase prefix).
   *
   * @throws IllegalArgumentException naming the first character outside the alphabet
   */
  public static byte[] decode(String text) {
    // Little-endian base-256 accumulator; each digit multiplies it by 58 and adds the digit.
    byte[] number = new byte[text.length()];
    int length = 0;
    int leadingZeros = 0;
    while (leadingZeros < text.length() && text.charAt(leadingZeros) == '1') {
      leadingZeros++;
    }
    for (int i = leadingZeros; i < text.length(); i++) {
      char c = text.charAt(i);
      int carry = c < 128 ? DIGITS[c] : -1;
      if (carry < 0) {
        throw new IllegalArgumentException("not base58btc: '" + c + "' at index " + i);
      }
      for (int j = 0; j < length; j++) {
        carry += (number[j] & 0xff) * 58;
        number[j] = (byte) carry;
        carry >>>= 8;
      }
      while (carry > 0) {
        number[length++] = (byte) carry;
        carry >>>= 8;
      }
    }
    byte[] out = new byte[leadingZeros + length];
    for (int j = 0; j < length; j++) {
      out[out.length - 1 - j] = number[j];
    }
    return out;
  }

  /** Encodes bytes as base58btc text (without multibase prefix). */
  public static String encode(byte[] bytes) {
    int leadingZeros = 0;
    while (leadingZeros < bytes.length && bytes[leadingZeros] == 0) {
      leadingZeros++;
    }
    // Little-endian base-58 accumulator; each byte multiplies it by 256 and adds the byte.
    byte[] digits = new byte[bytes.length * 2];
    int length = 0;
    for (int i = leadingZeros; i < bytes.length; i++) {
      int carry = bytes[i] & 0xff;
      for (int j = 0; j < length; j++) {
        carry += digits[j] * 256;
        digits[j] = (byte) (carry % 58);
        carry /= 58;
      }
      while (carry > 0) {
        digits[length++] = (byte) (carry % 58);
        carry /= 58;
      }
    }
    StringBuilder out = new StringBuilder(leadingZeros + length);
    out.repeat('1', leadingZeros);
    for (int j = length - 1; j >= 0; j--) {
      out.append(ALPHABET.charAt(digits[j]));
    }
    return out.toString();
  }
}
