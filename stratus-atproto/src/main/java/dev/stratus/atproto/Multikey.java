package dev.stratus.atproto;

import java.util.Arrays;

/**
 * The Multikey encoding of public keys, preferred by atproto: {@code 'z' + base58btc(multicodec ‖
 * compressed point)}, where the varint multicodec names the curve ({@code 0xe7 0x01} secp256k1,
 * {@code 0x80 0x24} P-256). A {@code did:key} is {@code "did:key:"} followed by the same string.
 */
public final class Multikey {
  private static final String DID_KEY_PREFIX = "did:key:";
  private static final int COMPRESSED_POINT_LENGTH = 33;

  private Multikey() {}

  /**
   * Decodes a {@code publicKeyMultibase} of a {@code Multikey} verification method.
   *
   * @throws IllegalArgumentException naming what is wrong: prefix, alphabet, curve or point
   */
  public static SigningKey decode(String multibase) {
    byte[] bytes = Multibase.decodeBase58btc(multibase);
    for (KeyType type : KeyType.values()) {
      if (type.startsWithMulticodec(bytes)) {
        byte[] point = Arrays.copyOfRange(bytes, type.multicodecPrefix().length, bytes.length);
        if (point.length != COMPRESSED_POINT_LENGTH) {
          throw new IllegalArgumentException(
              "multikey "
                  + multibase
                  + ": a "
                  + type
                  + " multikey holds a 33-byte compressed point, not "
                  + point.length
                  + " bytes");
        }
        return type.publicKey(point);
      }
    }
    throw new IllegalArgumentException(
        "multikey " + multibase + ": unsupported multicodec (only secp256k1-pub and p256-pub)");
  }

  /**
   * Decodes a {@code did:key:z…} identifier.
   *
   * @throws IllegalArgumentException if it does not start with {@code did:key:} or its key is bad
   */
  public static SigningKey decodeDidKey(String didKey) {
    if (!didKey.startsWith(DID_KEY_PREFIX)) {
      throw new IllegalArgumentException("not a did:key: " + didKey);
    }
    return decode(didKey.substring(DID_KEY_PREFIX.length()));
  }

  /** Encodes a key as a Multikey ({@code zQ3sh…} or {@code zDnae…}). */
  public static String encode(SigningKey key) {
    byte[] prefix = key.type().multicodecPrefix();
    byte[] point = key.compressedPoint();
    byte[] bytes = Arrays.copyOf(prefix, prefix.length + point.length);
    System.arraycopy(point, 0, bytes, prefix.length, point.length);
    return Multibase.encodeBase58btc(bytes);
  }

  /** Encodes a key as {@code did:key:z…}. */
  public static String encodeDidKey(SigningKey key) {
    return DID_KEY_PREFIX + encode(key);
  }
}
