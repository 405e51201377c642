package dev.stratus.atproto;

/** The one multibase atproto keys use: prefix {@code z}, base58btc. */
final class Multibase {
  private Multibase() {}

  static byte[] decodeBase58btc(String multibase) {
    if (!multibase.startsWith("z")) {
      throw new IllegalArgumentException(
          "multibase " + multibase + ": expected prefix 'z' (base58btc)");
    }
    try {
      return Base58btc.decode(multibase.substring(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("multibase " + multibase + ": " + e.getMessage(), e);
    }
  }

  static String encodeBase58btc(byte[] bytes) {
    return "z" + Base58btc.encode(bytes);
  }
}
