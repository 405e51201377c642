package dev.stratus.server.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether this node can do its work now: each check (the database answers, storage takes a write,
 * ffmpeg runs) is run in order; the first that fails makes the node not ready, and is named. The
 * checks run at most once a second: a client hammering {@code /_ready} costs no more than a load
 * balancer probing it (a storage write per request would cost real money on S3).
 */
public final class Readiness {
  /** One check; it throws to say what is wrong. */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  /** The outcome: ready or not, and each check's word ("ok" or what failed). */
  public record Report(boolean ready, Map<String, String> checks) {}

  private static final Duration REFRESH = Duration.ofSeconds(1);
  private final Map<String, Check> checks;
  private final Recent<Report> report;

  /** {@code checks} by name, run in the map's order; {@code clock} times the refresh. */
  public Readiness(Map<String, Check> checks, Clock clock) {
    this.checks = new LinkedHashMap<>(checks);
    this.report = new Recent<>(this::run, REFRESH, clock);
  }

  /** The latest outcome, at most a second old. */
  public Report check() {
    return report.get();
  }

  private Report run() {
    Map<String, String> outcome = new LinkedHashMap<>();
    boolean ready = true;
    for (Map.Entry<String, Check> check : checks.entrySet()) {
      try {
        check.getValue().run();
        outcome.put(check.getKey(), "ok");
      } catch (Exception e) {
        ready = false;
        String message = e.getMessage();
        outcome.put(check.getKey(), message == null || message.isBlank() ? e.getClass().getSimpleName() : message);
      }
    }
    return new Report(ready, outcome);
  }
}
