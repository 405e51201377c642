package dev.stratus.server;

import dev.stratus.server.ops.Metrics;
import dev.stratus.server.ops.OpsRoutes;
import dev.stratus.server.xrpc.ContainerErrors;
import dev.stratus.server.xrpc.XrpcRoutes;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The HTTP edge: XRPC methods, playback, CORS for browser clients. The only class that starts
 * the web server.
 */
final class HttpServer implements AutoCloseable {
  private static final int REQUEST_READ_BYTES = 64 * 1024;
  private final Javalin app;

  /**
   * @param ops health, readiness and metrics, answered by every node
   * @param api the routes of the API (XRPC, playback, the DID document); none on a worker node
   */
  HttpServer(Config.Http config, OpsRoutes ops, Metrics metrics, List<Consumer<RoutesConfig>> api) {
    this.app =
        Javalin.create(
            javalin -> {
              javalin.startup.showJavalinBanner = false;
              // Video is already compressed; gzip would only burn CPU.
              javalin.http.compressionStrategy = CompressionStrategy.NONE;
              javalin.jetty.host = config.host();
              javalin.jetty.port = config.port();
              // A request waiting on a slow client parks a virtual thread, not one of a fixed pool,
              // so crawling uploads cannot starve reads, playback or health checks.
              javalin.concurrency.useVirtualThreads = true;
              long idleMillis = config.idleTimeout().toMillis();
              javalin.jetty.modifyHttpConfiguration(http -> {
                // Bounds a request body that stops arriving…
                http.setIdleTimeout(idleMillis);
                // Jetty reads a request 8 KiB per system call by default: 37,000 reads for a
                // 300 MB upload. In 64 KiB reads the same POST took 0.55 s instead of 0.69.
                http.setInputBufferSize(REQUEST_READ_BYTES);
              });
              javalin.jetty.modifyServer(server -> {
                server.setErrorHandler(new ContainerErrors());
                // …and a client that never finishes its request line and headers.
                server.addEventListener(new ConnectorIdleTimeout(server, idleMillis));
              });
              javalin.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new ContainerErrors()));
              javalin.routes.before(metrics::requestStarted);
              javalin.routes.before(HttpServer::cors);
              javalin.routes.after(metrics::requestEnded);
              javalin.routes.options("/*", ctx -> ctx.status(204));
              javalin.routes.get("/", ctx -> ctx.contentType("text/plain").result("Stratus video service\n"));
              ops.register(javalin.routes);
              api.forEach(routes -> routes.accept(javalin.routes));
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

  /** Sets every connector's idle timeout once they exist: when the server starts. */
  private record ConnectorIdleTimeout(Server server, long millis) implements LifeCycle.Listener {
    @Override
    public void lifeCycleStarting(LifeCycle event) {
      for (Connector connector : server.getConnectors()) {
        if (connector instanceof AbstractConnector withTimeout) {
          withTimeout.setIdleTimeout(millis);
        }
      }
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
