package dev.stratus.server.xrpc;

import dev.stratus.atproto.ServiceAuthPolicy;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.jspecify.annotations.Nullable;

/** One lexicon method: its NSID, how it is called, the auth it needs, and the handler. */
public interface XrpcMethod {
  String nsid();

  /** {@code GET} for a query, {@code POST} for a procedure. */
  HandlerType httpMethod();

  /** The policy a caller's token must meet, or null when the method needs no auth. */
  @Nullable ServiceAuthPolicy authPolicy();

  /**
   * Handles a request whose caller (null without auth) is already verified. Returns the body to
   * send as JSON with status 200, or writes the response itself and returns null.
   */
  @Nullable Object handle(Context ctx, @Nullable Caller caller) throws Exception;
}
