package dev.stratus.atproto;

import java.util.Set;

/**
 * Which {@code aud} values an endpoint accepts. Rules that can decide from the token alone are
 * checked before any DID resolution; the others also see the issuer's DID document.
 */
public interface AudienceRule {
  /** True if {@code aud} is accepted whatever the issuer's DID document says. */
  boolean acceptsWithoutIssuerDocument(String aud);

  /** False if {@link #acceptsWithoutIssuerDocument} is the whole rule. */
  boolean needsIssuerDocument();

  /** True if {@code aud} is accepted for a token from the issuer with this document. */
  boolean accepts(String aud, DidDocument issuerDocument);

  /**
   * Tokens addressed to this service: {@code aud} is {@code ownDid} or {@code ownDid#<service id>}
   * (atproto allows the bare DID for legacy clients).
   *
   * @throws IllegalArgumentException if {@code ownDid} is not a DID
   */
  static AudienceRule serviceDid(String ownDid) {
    return new ServiceDidAudience(ownDid);
  }

  /**
   * Tokens addressed to the issuer's own PDS, which a video service carries there on the user's
   * behalf: {@code aud} is {@link DidDocument#pdsAudience()} of the issuer, or one of {@code
   * extraAudiences} (for an entryway such as {@code did:web:bsky.social}).
   */
  static AudienceRule issuersPds(Set<String> extraAudiences) {
    return new IssuersPdsAudience(Set.copyOf(extraAudiences));
  }
}
