package dev.stratus.atproto;

import java.util.Set;

/** See {@link AudienceRule#issuersPds}. */
record IssuersPdsAudience(Set<String> extraAudiences) implements AudienceRule {
  @Override
  public boolean acceptsWithoutIssuerDocument(String aud) {
    return extraAudiences.contains(aud);
  }

  @Override
  public boolean needsIssuerDocument() {
    return true;
  }

  @Override
  public boolean accepts(String aud, DidDocument issuerDocument) {
    return extraAudiences.contains(aud)
        || issuerDocument.pdsAudience().map(aud::equals).orElse(false);
  }

  @Override
  public String toString() {
    return extraAudiences.isEmpty()
        ? "the issuer's PDS"
        : "the issuer's PDS or one of " + extraAudiences.stream().sorted().toList();
  }
}
