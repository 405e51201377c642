package dev.stratus.atproto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/**
 * ECDSA verification as atproto requires it: SHA-256 of the message, a compact 64-byte {@code r ‖
 * s} signature (DER is refused) and low-S ({@code s <= n/2}). nimbus-jose-jwt does the math but
 * accepts high-S, so the malleability rule is checked here.
 */
public final class AtprotoSignature {
  /** Length of a compact signature: 32-byte r followed by 32-byte s. */
  public static final int LENGTH = 64;

  private AtprotoSignature() {}

  /**
   * What makes a signature unacceptable for a key of this type before any curve math: its length or
   * a high S. Empty when the form is right (the signature may still not verify).
   */
  public static Optional<String> formProblem(KeyType type, byte[] signature) {
    if (signature.length != LENGTH) {
      return Optional.of(
          "signature is "
              + signature.length
              + " bytes; atproto requires the 64-byte compact r‖s form (DER is not accepted)");
    }
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, LENGTH / 2, LENGTH));
    if (s.compareTo(type.order().shiftRight(1)) > 0) {
      return Optional.of("signature is high-S; atproto requires low-S (s <= n/2)");
    }
    return Optional.empty();
  }

  /** True if {@code signature} is a well-formed, low-S signature of {@code message} by the key. */
  public static boolean verify(SigningKey key, byte[] message, byte[] signature) {
    if (formProblem(key.type(), signature).isPresent()) {
      return false;
    }
    try {
      ECDSAVerifier verifier = new ECDSAVerifier(key.publicKey());
      // ES256K has no JDK implementation since Java 16; BouncyCastle serves both curves.
      verifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
      JWSHeader header = new JWSHeader(JWSAlgorithm.parse(key.type().jwsAlgorithm()));
      return verifier.verify(header, message, Base64URL.encode(signature));
    } catch (JOSEException e) {
      // nimbus throws for signatures it deems illegal (r or s zero or >= n): simply invalid.
      return false;
    }
  }
}
