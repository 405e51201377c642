package dev.stratus.atproto;

/**
 * The deprecated key encoding still found in some did:web documents: verification-method type
 * {@code EcdsaSecp256k1VerificationKey2019} or {@code EcdsaSecp256r1VerificationKey2019} and {@code
 * publicKeyMultibase = 'z' + base58btc(point)} with no multicodec, so the curve comes from the type
 * name. The spec describes the uncompressed point; the atproto reference (and its interop fixtures)
 * also accept a compressed one, and so does this.
 */
public final class LegacyMultibaseKey {
  private LegacyMultibaseKey() {}

  /**
   * Decodes the {@code publicKeyMultibase} of a legacy verification method of the given curve.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static SigningKey decode(KeyType type, String multibase) {
    try {
      return type.publicKey(Multibase.decodeBase58btc(multibase));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          type.legacyTypeName() + " " + multibase + ": " + e.getMessage(), e);
    }
  }

  /** Encodes a key the legacy way: {@code 'z' + base58btc(uncompressed 65-byte point)}. */
  public static String encode(SigningKey key) {
    return Multibase.encodeBase58btc(key.uncompressedPoint());
  }
}
