package dev.stratus.server.ops;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether this node can do its work now: each check (the database answers, storage takes a write,
 * ffmpeg runs) is run in order; the first that fails makes the node not ready, and is named.
 */
public final class Readiness {
  /** One check; it throws to say what is wrong. */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  /** The outcome: ready or not, and each check's word ("ok" or what failed). */
  public record Report(boolean ready, Map<String, String> checks) {}

  private final Map<String, Check> checks;

  /** {@code checks} by name, run in the map's order. */
  public Readiness(Map<String, Check> checks) {
    this.checks = new LinkedHashMap<>(checks);
  }

  public Report check() {
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
