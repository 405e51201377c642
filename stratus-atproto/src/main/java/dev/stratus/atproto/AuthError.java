package dev.stratus.atproto;

/** The atproto error names a service-auth token can be refused with (all HTTP 401). */
public enum AuthError {
  /** Not a JWT, bad base64url or JSON, a missing or ill-typed alg, iss, aud, exp or lxm. */
  BAD_JWT("BadJwt"),
  /** An OAuth access, refresh or DPoP token presented as a service token. */
  BAD_JWT_TYPE("BadJwtType"),
  /** Past {@code exp} (plus the verifier's allowed clock skew). */
  JWT_EXPIRED("JwtExpired"),
  /** {@code aud} is not a receiver this endpoint accepts. */
  BAD_JWT_AUDIENCE("BadJwtAudience"),
  /** {@code lxm} is missing or names another method. */
  BAD_JWT_LEXICON_METHOD("BadJwtLexiconMethod"),
  /** {@code iss} is not a DID, or its DID document cannot be resolved. */
  BAD_JWT_ISS("BadJwtIss"),
  /** The signature is malformed, of an unaccepted alg, or does not verify with the issuer's key. */
  BAD_JWT_SIGNATURE("BadJwtSignature");

  private final String wireName;

  AuthError(String wireName) {
    this.wireName = wireName;
  }

  /** The name as XRPC error bodies carry it, e.g. {@code BadJwtSignature}. */
  public String wireName() {
    return wireName;
  }
}
