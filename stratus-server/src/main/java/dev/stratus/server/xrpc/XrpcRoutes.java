package dev.stratus.server.xrpc;

import dev.stratus.atproto.ServiceAuthPolicy;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import dev.stratus.lexicon.XrpcError;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request pipeline every XRPC method goes through: auth, handler, JSON encoding, and the one
 * error mapper that turns any failure into {@code {"error","message"}} with the right status.
 * Unexpected exceptions are logged here and answered with a bare 500; internals never leak.
 */
public final class XrpcRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(XrpcRoutes.class);
  private static final String BEARER = "Bearer ";

  private final List<XrpcMethod> methods;
  private final AuthVerifier verifier;

  public XrpcRoutes(List<XrpcMethod> methods, AuthVerifier verifier) {
    this.methods = List.copyOf(methods);
    this.verifier = verifier;
  }

  public void register(RoutesConfig routes) {
    for (XrpcMethod method : methods) {
      routes.addHttpHandler(method.httpMethod(), Nsid.path(method.nsid()), ctx -> serve(method, ctx));
      if (method.httpMethod() == HandlerType.GET) {
        // HEAD answers exactly what GET would, status and headers; the server sends no body.
        routes.addHttpHandler(HandlerType.HEAD, Nsid.path(method.nsid()), ctx -> serve(method, ctx));
      }
    }
    for (HandlerType type : new HandlerType[] {HandlerType.GET, HandlerType.HEAD, HandlerType.POST}) {
      routes.addHttpHandler(type, "/xrpc/{nsid}", XrpcRoutes::notImplemented);
    }
    routes.exception(XrpcException.class, (e, ctx) -> writeError(ctx, e.status(), e.error(), e.getMessage()));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          writeError(ctx, 500, "InternalServerError", "Internal Server Error");
        });
  }

  private void serve(XrpcMethod method, Context ctx) throws Exception {
    Caller caller = authenticate(method.authPolicy(), ctx.header("Authorization"));
    Object body;
    try {
      body = method.handle(ctx, caller);
    } catch (XrpcException e) {
      throw e;
    } catch (Exception e) {
      XrpcException clientFault = ClientFaults.answerFor(e);
      if (clientFault == null) {
        throw e;
      }
      // Whatever the request had stored is already gone; one line is all this is worth.
      LOG.info("{} {} from {} ended early: {}", ctx.method(), ctx.path(), ctx.ip(), clientFault.getMessage());
      throw clientFault;
    }
    if (body != null) {
      writeJson(ctx, 200, body);
    }
  }

  private @Nullable Caller authenticate(@Nullable ServiceAuthPolicy policy, @Nullable String header) {
    if (policy == null) {
      return null;
    }
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw XrpcException.authMissing();
    }
    String token = header.substring(BEARER.length()).trim();
    if (token.isEmpty()) {
      throw XrpcException.authMissing();
    }
    return verifier.verify(token, policy);
  }

  private static void notImplemented(Context ctx) {
    writeError(ctx, 501, "MethodNotImplemented", "Method Not Implemented: " + ctx.pathParam("nsid"));
  }

  public static void writeJson(Context ctx, int status, Object body) {
    byte[] json = LexJson.bytes(body);
    ctx.status(status).contentType("application/json; charset=utf-8");
    // Written straight out: a result handed to the framework is copied through a fresh 32 KiB
    // buffer per request, the largest allocation a status read would make.
    ctx.res().setContentLength(json.length);
    try {
      ctx.res().getOutputStream().write(json);
    } catch (IOException e) {
      // The client has gone: there is nobody left to answer.
      LOG.debug("{} {}: answer not delivered: {}", ctx.method(), ctx.path(), e.toString());
    }
  }

  public static void writeError(Context ctx, int status, String error, @Nullable String message) {
    if (ctx.method() == HandlerType.POST) {
      // A refused upload is answered before its body is read, and the server then drops the
      // connection; saying so keeps clients from sending their next request down a dead one.
      ctx.header("Connection", "close");
    }
    writeJson(ctx, status, new XrpcError(error, message == null ? error : message));
  }
}
