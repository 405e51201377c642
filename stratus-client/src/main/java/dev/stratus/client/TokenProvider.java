package dev.stratus.client;

/**
 * Gives the service-auth token for each request, so that a token can be renewed while a long
 * upload runs (some PDSes and clients mint tokens that live 60 s). Called once per request, from
 * any thread: an implementation that asks a PDS should keep a token until it nears its expiry, as
 * {@link PdsSession#videoServiceTokens(String)} does.
 */
@FunctionalInterface
public interface TokenProvider {
  /**
   * The token for a call that needs {@code lxm}.
   *
   * @param lxm the method the token must be bound to: {@code com.atproto.repo.uploadBlob} (with the
   *     uploader's PDS as audience) for every upload call, {@code app.bsky.video.getUploadLimits}
   *     (with the video service as audience) for the limits
   * @return a service-auth JWT
   */
  String token(String lxm);

  /**
   * The same token for every call: for a token the caller already holds.
   *
   * @param token a service-auth JWT
   * @return a provider that always gives {@code token}
   */
  static TokenProvider fixed(String token) {
    return lxm -> token;
  }
}
