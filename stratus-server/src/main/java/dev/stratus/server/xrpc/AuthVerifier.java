package dev.stratus.server.xrpc;

import dev.stratus.atproto.ServiceAuthPolicy;

/** Turns a bearer token into a {@link Caller} for a route's policy, or refuses with a 401. */
public interface AuthVerifier {
  Caller verify(String token, ServiceAuthPolicy policy) throws XrpcException;
}
