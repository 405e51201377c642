package dev.stratus.atproto;

import java.time.Instant;

/**
 * A service-auth token whose signature, expiry, method and audience have been checked.
 *
 * @param iss the issuer's DID (without any {@code #fragment} the token's {@code iss} had)
 * @param aud the audience as the token states it
 * @param lxm the lexicon method the token is for, as the policy required
 * @param exp when the token expires; a PDS will refuse it afterwards
 * @param issuerDocument the DID document the signature verified against, with the PDS endpoint
 */
public record VerifiedToken(
    String iss, String aud, String lxm, Instant exp, DidDocument issuerDocument) {}
