package dev.stratus.server;

import dev.stratus.server.watch.WatchRoutes;
import dev.stratus.server.xrpc.XrpcRoutes;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;

/**
 * The HTTP edge: XRPC methods, playback, CORS for browser clients. The only class that starts
 * the web server.
 */
final class HttpServer implements AutoCloseable {
  private final Javalin app;

  HttpServer(Config.Http config, XrpcRoutes xrpc, WatchRoutes watch, ServiceDidDocument didDocument) {
    this.app =
        Javalin.create(
            javalin -> {
              javalin.startup.showJavalinBanner = false;
              // Video is already compressed; gzip would only burn CPU.
              javalin.http.compressionStrategy = CompressionStrategy.NONE;
              javalin.jetty.host = config.host();
              javalin.jetty.port = config.port();
              javalin.routes.before(HttpServer::cors);
              javalin.routes.options("/*", ctx -> ctx.status(204));
              javalin.routes.get("/", ctx -> ctx.contentType("text/plain").result("Stratus video service\n"));
              javalin.routes.get("/_health", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
              xrpc.register(javalin.routes);
              watch.register(javalin.routes);
              didDocument.register(javalin.routes);
              // Unmatched paths: answer in the XRPC shape too, unless a handler already did.
              javalin.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                  XrpcRoutes.writeError(ctx, 404, "NotFound", "Not Found");
                }
              });
            });
  }

  /** Browser clients upload with an Authorization header, which needs a preflight. */
  private static void cors(Context ctx) {
    ctx.header("Access-Control-Allow-Origin", "*");
    if ("OPTIONS".equals(ctx.method().name())) {
      ctx.header("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS");
      ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type, Range, atproto-proxy");
      ctx.header("Access-Control-Max-Age", "86400");
    }
  }

  void start() {
    app.start();
  }

  int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
