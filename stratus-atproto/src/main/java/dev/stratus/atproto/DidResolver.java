package dev.stratus.atproto;

/**
 * Finds the DID document of an account. The production default is a {@link CachingDidResolver}
 * around an {@link HttpDidResolver}.
 */
public interface DidResolver {
  /**
   * The DID's current document; may come from a cache.
   *
   * @throws DidResolutionException if the DID is malformed, unsupported, unknown or unreachable
   */
  DidDocument resolve(String did) throws DidResolutionException;

  /**
   * The DID's document fetched anew, bypassing any cache (and updating it). Called after a
   * signature fails to verify with a cached key, since the account may have rotated it.
   *
   * @throws DidResolutionException as {@link #resolve}
   */
  DidDocument refresh(String did) throws DidResolutionException;
}
