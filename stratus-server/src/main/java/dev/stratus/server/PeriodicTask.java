package dev.stratus.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one housekeeping task on a daemon thread at a fixed delay. A failed run is logged and the
 * next one runs as planned, so a passing storage hiccup never stops the housekeeping.
 */
final class PeriodicTask implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);

  /** The task; it may throw. */
  @FunctionalInterface
  interface Task {
    void run() throws Exception;
  }

  private final ScheduledExecutorService executor;

  PeriodicTask(String name, Duration interval, Task task) {
    this.executor =
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon(true).factory());
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (Exception e) {
            LOG.warn("{} failed: {}", name, e.toString());
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
