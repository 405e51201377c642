package dev.stratus.testkit.atproto;

import dev.stratus.atproto.DidDocument;
import dev.stratus.atproto.DidResolutionException;
import dev.stratus.atproto.DidResolver;

/** A broken resolver that answers every DID with one fixed DID's document. */
record RedirectingResolver(DidResolver delegate, String did) implements DidResolver {
  @Override
  public DidDocument resolve(String ignored) throws DidResolutionException {
    return delegate.resolve(did);
  }

  @Override
  public DidDocument refresh(String ignored) throws DidResolutionException {
    return delegate.refresh(did);
  }
}
