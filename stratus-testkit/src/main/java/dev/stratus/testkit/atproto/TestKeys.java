package dev.stratus.testkit.atproto;

import dev.stratus.atproto.KeyType;
import java.math.BigInteger;
import java.security.SecureRandom;

/** Makes signing key pairs for tests: fresh random ones, or from known private key bytes. */
public final class TestKeys {
  private TestKeys() {}

  /** A fresh secp256k1 pair, the kind most atproto accounts have. */
  public static TestKeyPair k256() {
    return generate(KeyType.K256);
  }

  /** A fresh P-256 pair. */
  public static TestKeyPair p256() {
    return generate(KeyType.P256);
  }

  /** A fresh pair on the given curve. */
  public static TestKeyPair generate(KeyType type) {
    SecureRandom random = new SecureRandom();
    BigInteger n = type.order();
    BigInteger d;
    do {
      d = new BigInteger(n.bitLength(), random);
    } while (d.signum() == 0 || d.compareTo(n) >= 0);
    return new TestKeyPair(type, d);
  }

  /**
   * The pair with this 32-byte big-endian private key, e.g. from a published test vector.
   *
   * @throws IllegalArgumentException if it is not in [1, n-1]
   */
  public static TestKeyPair fromPrivateKey(KeyType type, byte[] privateKey) {
    BigInteger d = new BigInteger(1, privateKey);
    if (d.signum() == 0 || d.compareTo(type.order()) >= 0) {
      throw new IllegalArgumentException("private key out of range for " + type);
    }
    return new TestKeyPair(type, d);
  }
}
