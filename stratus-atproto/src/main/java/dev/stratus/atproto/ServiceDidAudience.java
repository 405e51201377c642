package dev.stratus.atproto;

/** See {@link AudienceRule#serviceDid}. */
record ServiceDidAudience(String ownDid) implements AudienceRule {
  ServiceDidAudience {
    if (!Did.isValid(ownDid)) {
      throw new IllegalArgumentException("service DID is not a DID: " + ownDid);
    }
  }

  @Override
  public boolean acceptsWithoutIssuerDocument(String aud) {
    return aud.equals(ownDid) || aud.startsWith(ownDid + "#");
  }

  @Override
  public boolean needsIssuerDocument() {
    return false;
  }

  @Override
  public boolean accepts(String aud, DidDocument issuerDocument) {
    return acceptsWithoutIssuerDocument(aud);
  }

  @Override
  public String toString() {
    return ownDid + " (or " + ownDid + "#…)";
  }
}
