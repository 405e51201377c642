package dev.stratus.server.xrpc;

import dev.stratus.core.job.PdsHandoff;
import org.jspecify.annotations.Nullable;

/**
 * Who made an authenticated request: the account DID, the bearer token it presented (kept so it
 * can be forwarded to the account's PDS; never logged) and that PDS's URL from the account's DID
 * document (null in development mode, where nothing is resolved).
 */
public record Caller(String did, String token, @Nullable String pdsUrl) {

  /** Where this caller's videos go, or null when they stay here. */
  public @Nullable PdsHandoff handoff() {
    return pdsUrl == null ? null : new PdsHandoff(pdsUrl, token);
  }

  @Override
  public String toString() {
    return "Caller[did=" + did + ", pdsUrl=" + pdsUrl + "]";
  }
}
