package dev.stratus.testkit.atproto;

import dev.stratus.atproto.KeyType;
import dev.stratus.atproto.LegacyMultibaseKey;
import dev.stratus.atproto.Multikey;
import dev.stratus.atproto.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * A signing key pair for tests: renders its public key in every encoding a DID document may use and
 * signs the way an atproto PDS does (SHA-256, deterministic RFC 6979 nonce, compact low-S), or
 * deliberately not (high-S, DER) to test that verifiers refuse it.
 */
public final class TestKeyPair {
  private final KeyType type;
  private final BigInteger privateKey;
  private final ECDomainParameters domain;
  private final SigningKey publicKey;

  TestKeyPair(KeyType type, BigInteger privateKey) {
    this.type = type;
    this.privateKey = privateKey;
    X9ECParameters curve = CustomNamedCurves.getByName(type.curveName());
    this.domain = new ECDomainParameters(curve);
    this.publicKey = type.publicKey(curve.getG().multiply(privateKey).normalize().getEncoded(true));
  }

  public KeyType type() {
    return type;
  }

  public SigningKey publicKey() {
    return publicKey;
  }

  /** {@code publicKeyMultibase} for a {@code Multikey} verification method. */
  public String multikey() {
    return Multikey.encode(publicKey);
  }

  /** {@code publicKeyMultibase} for the legacy {@link KeyType#legacyTypeName()} type. */
  public String legacyMultibase() {
    return LegacyMultibaseKey.encode(publicKey);
  }

  /** {@code did:key:z…}. */
  public String didKey() {
    return Multikey.encodeDidKey(publicKey);
  }

  /** A DID document with this key as {@code #atproto} and a PDS; see {@link TestDidDocument}. */
  public String didDocumentJson(String did, String pdsEndpoint) {
    return TestDidDocument.of(did, this).pds(pdsEndpoint).json();
  }

  /** A service-auth JWT from this key, issued at {@code now}, to be filled in and signed. */
  public TestServiceJwt jwt(Instant now) {
    return new TestServiceJwt(this, now);
  }

  /** The atproto signature of {@code message}: 64 bytes r‖s with low S. */
  public byte[] sign(byte[] message) {
    BigInteger[] rs = signRaw(message);
    return compact(rs[0], lowS(rs[1]));
  }

  /** The same signature with the high S ({@code n - s}): valid ECDSA, refused by atproto. */
  public byte[] signHighS(byte[] message) {
    BigInteger[] rs = signRaw(message);
    return compact(rs[0], type.order().subtract(lowS(rs[1])));
  }

  /** The low-S signature DER-encoded (ASN.1 SEQUENCE of two INTEGERs), refused by atproto. */
  public byte[] signDer(byte[] message) {
    BigInteger[] rs = signRaw(message);
    try {
      return new DERSequence(
              new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(lowS(rs[1]))})
          .getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private BigInteger[] signRaw(byte[] message) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(privateKey, domain));
    return signer.generateSignature(sha256(message));
  }

  private BigInteger lowS(BigInteger s) {
    return s.compareTo(type.order().shiftRight(1)) > 0 ? type.order().subtract(s) : s;
  }

  private static byte[] compact(BigInteger r, BigInteger s) {
    byte[] out = new byte[64];
    copyUnsigned(r, out, 0);
    copyUnsigned(s, out, 32);
    return out;
  }

  private static void copyUnsigned(BigInteger value, byte[] out, int offset) {
    byte[] bytes = value.toByteArray();
    // toByteArray may add a sign byte or omit leading zeros; right-align the last 32 bytes.
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, out, offset + 32 - length, length);
  }

  private static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "TestKeyPair[" + type + " " + multikey() + "]";
  }
}
