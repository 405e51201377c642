package dev.stratus.atproto;

import java.security.interfaces.ECPublicKey;

/**
 * An atproto public signing key: the curve it lies on and the key itself, ready for JCA.
 *
 * @param type the curve, which fixes the JWS {@code alg} the key verifies
 * @param publicKey the point, as a BouncyCastle-built JCA key
 */
public record SigningKey(KeyType type, ECPublicKey publicKey) {
  /** The 33-byte SEC1 compressed point, as a Multikey carries it. */
  public byte[] compressedPoint() {
    return type.encodePoint(publicKey, true);
  }

  /** The 65-byte SEC1 uncompressed point ({@code 0x04 ‖ x ‖ y}). */
  public byte[] uncompressedPoint() {
    return type.encodePoint(publicKey, false);
  }

  /** This key as {@code did:key:z…}. */
  public String didKey() {
    return Multikey.encodeDidKey(this);
  }

  @Override
  public String toString() {
    return type + " " + Multikey.encode(this);
  }
}
