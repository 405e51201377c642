package dev.stratus.server.ops;

import dev.stratus.lexicon.JobState;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * This node's metrics in Prometheus's registry: HTTP requests, the job queue, jobs by state, and
 * the JVM. Job events are counted by {@link MetricsJobEvents}.
 */
public final class Metrics implements AutoCloseable {
  private static final String STARTED = "stratus.request.started";
  /** Gauges that query the database read it at most this often, however often they are scraped. */
  private static final Duration GAUGE_CACHE = Duration.ofSeconds(5);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Clock clock;

  public Metrics(Clock clock) {
    this.clock = clock;
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Jobs waiting for a worker: not finished and not leased. */
  public void queueDepth(LongSupplier waiting) {
    Recent<Long> cached = new Recent<>(waiting::getAsLong, GAUGE_CACHE, clock);
    Gauge.builder("stratus.jobs.queued", () -> cached.get())
        .description("jobs waiting for a worker")
        .register(registry);
  }

  /** Unfinished jobs in each state the lexicon names, e.g. {@code JOB_STATE_ENCODING}. */
  public void jobsByState(Supplier<Map<String, Long>> counts) {
    Recent<Map<String, Long>> cached = new Recent<>(counts, GAUGE_CACHE, clock);
    for (JobState state : JobState.KNOWN) {
      if (!state.isTerminal()) {
        Gauge.builder("stratus.jobs.unfinished", () -> cached.get().getOrDefault(state.value(), 0L))
            .tag("state", state.value())
            .description("unfinished jobs by state")
            .register(registry);
      }
    }
  }

  /** Marks a request's start (a before-handler). */
  public void requestStarted(Context ctx) {
    ctx.attribute(STARTED, System.nanoTime());
  }

  /** Records a request's time under its route template, never its raw path (an after-handler). */
  public void requestEnded(Context ctx) {
    Long started = ctx.attribute(STARTED);
    if (started == null) {
      return;
    }
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    Timer.builder("http.server.requests")
        .tag("method", ctx.method().name())
        .tag("route", endpoint == null ? "unmatched" : endpoint.path)
        .tag("status", Integer.toString(ctx.statusCode()))
        .register(registry)
        .record(Duration.ofNanos(System.nanoTime() - started));
  }

  /** The text Prometheus scrapes. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
