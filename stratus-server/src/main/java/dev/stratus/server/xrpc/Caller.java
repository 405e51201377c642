package dev.stratus.server.xrpc;

/**
 * Who made an authenticated request: the account DID and the bearer token it presented (kept so
 * it can be forwarded to the account's PDS; never logged).
 */
public record Caller(String did, String token) {
  @Override
  public String toString() {
    return "Caller[did=" + did + "]";
  }
}
