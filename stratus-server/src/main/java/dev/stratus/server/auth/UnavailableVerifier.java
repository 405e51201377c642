package dev.stratus.server.auth;

import dev.stratus.server.xrpc.AuthPolicy;
import dev.stratus.server.xrpc.AuthVerifier;
import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcException;

/**
 * Production mode without signature verification: every authenticated call is refused, since
 * trusting an unverified token would let anyone upload as anyone.
 */
public final class UnavailableVerifier implements AuthVerifier {
  @Override
  public Caller verify(String token, AuthPolicy policy) {
    throw new XrpcException(
        401,
        "BadJwtSignature",
        "service-auth signature verification is not available on this server; "
            + "start it with --dev (STRATUS_DEV=1) to accept unverified tokens for testing");
  }
}
