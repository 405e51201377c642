package dev.stratus.server.auth;

import dev.stratus.atproto.AuthException;
import dev.stratus.atproto.ServiceAuthPolicy;
import dev.stratus.atproto.ServiceAuthVerifier;
import dev.stratus.atproto.VerifiedToken;
import dev.stratus.server.xrpc.AuthVerifier;
import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcException;
import java.net.URI;

/**
 * Production authentication: the token's signature is checked against the issuer's DID document,
 * and its audience and method against the route's policy. Refusals are 401s with atproto's error
 * names.
 */
public final class AtprotoAuthVerifier implements AuthVerifier {
  private final ServiceAuthVerifier verifier;

  public AtprotoAuthVerifier(ServiceAuthVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public Caller verify(String token, ServiceAuthPolicy policy) {
    try {
      VerifiedToken verified = verifier.verify(token, policy);
      String pds = verified.issuerDocument().pdsEndpoint().map(URI::toString).orElse(null);
      return new Caller(verified.iss(), token, pds);
    } catch (AuthException e) {
      throw new XrpcException(401, e.errorName(), e.getMessage());
    }
  }
}
