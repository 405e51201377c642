package dev.stratus.server.auth;

import dev.stratus.atproto.Did;
import dev.stratus.atproto.UnverifiedJwt;
import dev.stratus.atproto.ServiceAuthPolicy;
import dev.stratus.server.xrpc.AuthVerifier;
import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcException;

/**
 * Development mode only: reads the caller from the token's {@code iss} without checking the
 * signature, so Stratus can be tried with no atproto network. Anyone can claim any DID with it;
 * the server logs a loud warning whenever it is active.
 */
public final class DevTokenVerifier implements AuthVerifier {
  @Override
  public Caller verify(String token, ServiceAuthPolicy policy) {
    UnverifiedJwt jwt;
    try {
      jwt = UnverifiedJwt.decode(token);
    } catch (IllegalArgumentException e) {
      throw new XrpcException(401, "BadJwt", e.getMessage());
    }
    if (!Did.isValid(jwt.iss())) {
      throw new XrpcException(401, "BadJwtIss", "token iss is not a DID: " + jwt.iss());
    }
    return new Caller(jwt.iss(), token, null);
  }
}
