package dev.stratus.atproto;

import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.jce.spec.ECNamedCurveSpec;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The two elliptic curves atproto signing keys may use, with everything that names them: the JWS
 * {@code alg}, the multicodec prefix of a Multikey and the legacy verification-method type.
 */
public enum KeyType {
  /** secp256k1 ("k256"): JWS {@code ES256K}, Multikeys look like {@code zQ3sh…}. */
  K256("secp256k1", "ES256K", new byte[] {(byte) 0xe7, 0x01}, "EcdsaSecp256k1VerificationKey2019"),
  /** NIST P-256 ("p256"): JWS {@code ES256}, Multikeys look like {@code zDnae…}. */
  P256("secp256r1", "ES256", new byte[] {(byte) 0x80, 0x24}, "EcdsaSecp256r1VerificationKey2019");

  private final String curveName;
  private final String jwsAlgorithm;
  private final byte[] multicodecPrefix;
  private final String legacyTypeName;
  private final X9ECParameters curve;
  private final ECNamedCurveSpec jcaSpec;

  KeyType(String curveName, String jwsAlgorithm, byte[] multicodecPrefix, String legacyTypeName) {
    this.curveName = curveName;
    this.jwsAlgorithm = jwsAlgorithm;
    this.multicodecPrefix = multicodecPrefix;
    this.legacyTypeName = legacyTypeName;
    this.curve = CustomNamedCurves.getByName(curveName);
    this.jcaSpec =
        new ECNamedCurveSpec(curveName, curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
  }

  /** The JWS {@code alg} of tokens signed with this kind of key. */
  public String jwsAlgorithm() {
    return jwsAlgorithm;
  }

  /** The standard curve name, {@code secp256k1} or {@code secp256r1}. */
  public String curveName() {
    return curveName;
  }

  /** The verification-method {@code type} of the deprecated uncompressed encoding. */
  public String legacyTypeName() {
    return legacyTypeName;
  }

  /** The varint-encoded multicodec that starts a Multikey of this type. */
  public byte[] multicodecPrefix() {
    return multicodecPrefix.clone();
  }

  /** The order n of the curve's base point; a low-S signature has {@code s <= n / 2}. */
  public BigInteger order() {
    return curve.getN();
  }

  /** The key type a JWS {@code alg} requires, if it is one atproto uses. */
  public static Optional<KeyType> forJwsAlgorithm(String alg) {
    return Arrays.stream(values()).filter(t -> t.jwsAlgorithm.equals(alg)).findFirst();
  }

  /** The key type whose legacy verification-method type this is. */
  public static Optional<KeyType> forLegacyTypeName(String type) {
    return Arrays.stream(values()).filter(t -> t.legacyTypeName.equals(type)).findFirst();
  }

  boolean startsWithMulticodec(byte[] bytes) {
    return bytes.length >= multicodecPrefix.length
        && Arrays.equals(
            bytes, 0, multicodecPrefix.length, multicodecPrefix, 0, multicodecPrefix.length);
  }

  /**
   * The public key at a SEC1-encoded point, compressed (33 bytes) or uncompressed (65 bytes).
   *
   * @throws IllegalArgumentException if the bytes are not a point on this curve
   */
  public SigningKey publicKey(byte[] sec1Point) {
    ECPoint point;
    try {
      point = curve.getCurve().decodePoint(sec1Point).normalize();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "not a " + curveName + " point (" + sec1Point.length + " bytes): " + e.getMessage(), e);
    }
    if (point.isInfinity()) {
      throw new IllegalArgumentException("the point at infinity is not a public key");
    }
    return new SigningKey(this, toJca(point));
  }

  /** The SEC1 encoding of a key's point on this curve. */
  byte[] encodePoint(ECPublicKey key, boolean compressed) {
    java.security.spec.ECPoint w = key.getW();
    return curve.getCurve().createPoint(w.getAffineX(), w.getAffineY()).getEncoded(compressed);
  }

  private ECPublicKey toJca(ECPoint point) {
    java.security.spec.ECPoint w =
        new java.security.spec.ECPoint(
            point.getAffineXCoord().toBigInteger(), point.getAffineYCoord().toBigInteger());
    try {
      // The JDK dropped secp256k1, so keys are built by BouncyCastle for both curves alike.
      return (ECPublicKey)
          KeyFactory.getInstance("EC", BouncyCastleProviderSingleton.getInstance())
              .generatePublic(new ECPublicKeySpec(w, jcaSpec));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("BouncyCastle refused a " + curveName + " point", e);
    }
  }
}
