package dev.stratus.atproto;

import static dev.stratus.atproto.AuthError.BAD_JWT_AUDIENCE;
import static dev.stratus.atproto.AuthError.BAD_JWT_ISS;
import static dev.stratus.atproto.AuthError.BAD_JWT_LEXICON_METHOD;
import static dev.stratus.atproto.AuthError.BAD_JWT_SIGNATURE;
import static dev.stratus.atproto.AuthError.JWT_EXPIRED;

import dev.stratus.atproto.ServiceAuthPolicy.Alternative;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Verifies atproto service-auth JWTs (inter-service authentication) the way the reference {@code
 * verifyJwt} does, stricter where the spec asks for it.
 *
 * <p>Order: the token's form, then expiry, lexicon method and any audience rule that needs no DID
 * document, then the issuer and the signature's form, all before any network call; then the
 * issuer's DID document is resolved and the signature (and, for {@link AudienceRule#issuersPds},
 * the audience) checked against it. If that fails the document is re-fetched once with {@link
 * DidResolver#refresh} and checked again, since the account may have rotated its key or moved PDS.
 *
 * <p>Deliberate choices:
 *
 * <ul>
 *   <li>{@code exp} may be any JSON number; a token is expired when now is after {@code exp} plus
 *       the allowed clock skew (default 30 s; the reference allows none, but callers' clocks
 *       drift). {@code iat} is not checked.
 *   <li>Only {@code ES256K} (with a K256 key) and {@code ES256} (with a P256 key) are accepted. Any
 *       other {@code alg} ({@code none}, HS*, RS*, PS*, EdDSA, unknown) is {@code BadJwtSignature},
 *       as in the reference where it fails signature verification.
 *   <li>Signatures must be 64-byte compact r‖s and low-S ({@code BadJwtSignature} otherwise), as
 *       the atproto cryptography spec requires; the reference also accepts high-S and DER here.
 *   <li>An {@code iss} with a {@code #fragment} (pre-2026 syntax) is accepted as its DID part.
 *   <li>A {@code kid} header, if present, must name {@code #atproto}: no other key is trusted.
 *   <li>An issuer whose DID document cannot be resolved is {@code BadJwtIss}.
 *   <li>Token reuse ({@code jti}) is not tracked: the video service forwards the uploadBlob token
 *       to the PDS, so it must not burn it.
 * </ul>
 */
public final class ServiceAuthVerifier {
  /** The skew the two-argument constructor allows. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

  private static final String ATPROTO_KEY_ID = "#atproto";

  private final DidResolver resolver;
  private final Clock clock;
  private final Duration allowedClockSkew;

  /** A verifier allowing {@link #DEFAULT_CLOCK_SKEW}. */
  public ServiceAuthVerifier(DidResolver resolver, Clock clock) {
    this(resolver, clock, DEFAULT_CLOCK_SKEW);
  }

  /**
   * @param allowedClockSkew how long after {@code exp} a token is still accepted
   */
  public ServiceAuthVerifier(DidResolver resolver, Clock clock, Duration allowedClockSkew) {
    if (allowedClockSkew.isNegative()) {
      throw new IllegalArgumentException("clock skew must not be negative: " + allowedClockSkew);
    }
    this.resolver = resolver;
    this.clock = clock;
    this.allowedClockSkew = allowedClockSkew;
  }

  /**
   * Verifies a compact JWT against an endpoint's policy.
   *
   * @throws AuthException naming the atproto error and the reason
   */
  public VerifiedToken verify(String token, ServiceAuthPolicy policy) throws AuthException {
    ServiceJwt jwt = ServiceJwt.parse(token);
    checkExpiry(jwt);
    List<Alternative> forMethod = alternativesForMethod(jwt, policy);
    boolean audienceSettled =
        forMethod.stream().anyMatch(a -> a.audience().acceptsWithoutIssuerDocument(jwt.aud));
    if (!audienceSettled && forMethod.stream().noneMatch(a -> a.audience().needsIssuerDocument())) {
      throw audienceRejected(jwt, forMethod);
    }
    String did = issuerDid(jwt.iss);
    KeyType keyType = checkSignatureForm(jwt, did);

    DidDocument document = resolve(did);
    AuthException problem = problemWith(jwt, keyType, document, forMethod, audienceSettled);
    if (problem != null) {
      document = refresh(did, problem);
      problem = problemWith(jwt, keyType, document, forMethod, audienceSettled);
      if (problem != null) {
        throw problem;
      }
    }
    // Every alternative left names the token's lxm, so it is known to be present.
    return new VerifiedToken(did, jwt.aud, forMethod.get(0).lxm(), jwt.exp, document);
  }

  private void checkExpiry(ServiceJwt jwt) throws AuthException {
    var now = clock.instant();
    if (now.isAfter(jwt.exp.plus(allowedClockSkew))) {
      throw new AuthException(
          JWT_EXPIRED,
          "token expired at "
              + jwt.exp
              + " (now "
              + now
              + ", allowed skew "
              + allowedClockSkew.toSeconds()
              + " s)");
    }
  }

  private static List<Alternative> alternativesForMethod(ServiceJwt jwt, ServiceAuthPolicy policy)
      throws AuthException {
    List<Alternative> matching =
        policy.alternatives().stream().filter(a -> a.lxm().equals(jwt.lxm)).toList();
    if (!matching.isEmpty()) {
      return matching;
    }
    String expected =
        policy.alternatives().stream()
            .map(Alternative::lxm)
            .distinct()
            .collect(Collectors.joining(" or "));
    throw new AuthException(
        BAD_JWT_LEXICON_METHOD,
        jwt.lxm == null
            ? "token has no lxm; this endpoint requires lxm " + expected
            : "token lxm is " + jwt.lxm + "; this endpoint requires " + expected);
  }

  private static AuthException audienceRejected(ServiceJwt jwt, List<Alternative> forMethod) {
    String expected =
        forMethod.stream()
            .map(a -> a.audience().toString())
            .distinct()
            .collect(Collectors.joining(" or "));
    return new AuthException(
        BAD_JWT_AUDIENCE, "token aud " + jwt.aud + " is not accepted here; expected " + expected);
  }

  /** The DID in {@code iss}, dropping the service fragment pre-2026 tokens could carry. */
  private static String issuerDid(String iss) throws AuthException {
    int hash = iss.indexOf('#');
    String did = hash < 0 ? iss : iss.substring(0, hash);
    if (!Did.isValid(did)) {
      throw new AuthException(BAD_JWT_ISS, "token iss is not a DID: " + iss);
    }
    return did;
  }

  private static KeyType checkSignatureForm(ServiceJwt jwt, String did) throws AuthException {
    KeyType keyType =
        KeyType.forJwsAlgorithm(jwt.alg)
            .orElseThrow(
                () ->
                    new AuthException(
                        BAD_JWT_SIGNATURE,
                        "token alg "
                            + jwt.alg
                            + " is not accepted; service tokens use ES256K or ES256"));
    // The spec writes kid without the DID; the fully qualified form names the same key.
    if (jwt.kid != null
        && !jwt.kid.equals(ATPROTO_KEY_ID)
        && !jwt.kid.equals(did + ATPROTO_KEY_ID)) {
      throw new AuthException(
          BAD_JWT_SIGNATURE,
          "token kid " + jwt.kid + " is not accepted; only #atproto keys sign service tokens");
    }
    var problem = AtprotoSignature.formProblem(keyType, jwt.signature);
    if (problem.isPresent()) {
      throw new AuthException(BAD_JWT_SIGNATURE, "token " + problem.get());
    }
    return keyType;
  }

  private DidDocument resolve(String did) throws AuthException {
    DidDocument document;
    try {
      document = resolver.resolve(did);
    } catch (DidResolutionException e) {
      throw new AuthException(
          BAD_JWT_ISS, "could not resolve the DID document of the token's iss: " + e.getMessage());
    }
    return checkId(did, document);
  }

  private DidDocument refresh(String did, AuthException problem) throws AuthException {
    DidDocument document;
    try {
      document = resolver.refresh(did);
    } catch (DidResolutionException e) {
      throw new AuthException(
          problem.error(),
          problem.getMessage() + " (re-fetching the DID document failed: " + e.getMessage() + ")");
    }
    return checkId(did, document);
  }

  private static DidDocument checkId(String did, DidDocument document) throws AuthException {
    if (!document.id().equals(did)) {
      throw new AuthException(
          BAD_JWT_ISS, "the DID document resolved for " + did + " is that of " + document.id());
    }
    return document;
  }

  /** What is wrong with the token given this document of its issuer, or null if nothing. */
  private static @Nullable AuthException problemWith(
      ServiceJwt jwt,
      KeyType keyType,
      DidDocument document,
      List<Alternative> forMethod,
      boolean audienceSettled) {
    var key = document.signingKey().orElse(null);
    if (key == null) {
      return new AuthException(
          BAD_JWT_SIGNATURE,
          "the DID document of " + document.id() + " has no usable #atproto key");
    }
    if (key.type() != keyType) {
      return new AuthException(
          BAD_JWT_SIGNATURE,
          "token alg "
              + jwt.alg
              + " needs a "
              + keyType
              + " key but the #atproto key of "
              + document.id()
              + " is "
              + key.type());
    }
    if (!AtprotoSignature.verify(key, jwt.signingInput, jwt.signature)) {
      return new AuthException(
          BAD_JWT_SIGNATURE,
          "token signature does not verify with the #atproto key of " + document.id());
    }
    if (!audienceSettled
        && forMethod.stream().noneMatch(a -> a.audience().accepts(jwt.aud, document))) {
      return audienceRejected(jwt, forMethod);
    }
    return null;
  }
}
