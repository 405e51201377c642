package dev.stratus.server.ops;

import dev.stratus.server.xrpc.XrpcRoutes;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /_health} (the process answers), {@code /_ready} (it can work: 503 naming the failing
 * check when not) and {@code /metrics} (Prometheus text format).
 */
public final class OpsRoutes {
  private static final Map<String, String> HEALTHY = Map.of("status", "ok");
  private final Readiness readiness;
  private final Metrics metrics;

  public OpsRoutes(Readiness readiness, Metrics metrics) {
    this.readiness = readiness;
    this.metrics = metrics;
  }

  public void register(RoutesConfig routes) {
    routes.get("/_health", ctx -> XrpcRoutes.writeJson(ctx, 200, HEALTHY));
    routes.get("/_ready", ctx -> {
      Readiness.Report report = readiness.check();
      Map<String, Object> body = new LinkedHashMap<>();
      if (report.ready()) {
        body.put("status", "ready");
      } else {
        Map.Entry<String, String> failed = report.checks().entrySet().stream()
            .filter(check -> !"ok".equals(check.getValue())).findFirst().orElseThrow();
        body.put("error", "NotReady");
        body.put("message", failed.getKey() + ": " + failed.getValue());
      }
      body.put("checks", report.checks());
      XrpcRoutes.writeJson(ctx, report.ready() ? 200 : 503, body);
    });
    routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
  }
}
