package dev.stratus.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.core.events.JobEvents;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.pipeline.Pipeline;
import dev.stratus.core.storage.FileBlobStore;
import dev.stratus.jdbc.JdbcJobStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle workers wait for work, a wake-up or their poll interval; one going idle must not wake the
 * others into another claim (which made two idle workers claim thousands of times a second).
 */
@Timeout(60)
class IdleWorkersTest {
  @TempDir Path dir;

  @Test
  void idleWorkersDoNotWakeEachOther() throws Exception {
    try (JdbcJobStore real = JdbcJobStore.sqlite(dir.resolve("jobs.db"), Clock.systemUTC())) {
      AtomicInteger claims = new AtomicInteger();
      CountDownLatch claimedAfterIdle = new CountDownLatch(1);
      AtomicInteger idleClaims = new AtomicInteger(-1);
      JobStore counting = (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(),
          new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
            if (method.getName().equals("claim")) {
              int n = claims.incrementAndGet();
              if (idleClaims.get() >= 0 && n > idleClaims.get()) {
                claimedAfterIdle.countDown();
              }
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      Pipeline pipeline = new Pipeline(new Pipeline.Steps(List.of(), List.of()), counting,
          new FileBlobStore(dir.resolve("blobs")), dir.resolve("work"), new Pipeline.Settings(Duration.ofMinutes(1), 3),
          JobEvents.NONE, Clock.systemUTC());
      try (WorkerPool workers = new WorkerPool(counting, pipeline, JobEvents.NONE, 3, 0, 0, Duration.ofMinutes(10),
          "node")) {
        workers.start();
        workers.drain(Duration.ofSeconds(30));
        idleClaims.set(claims.get());

        // A second of quiet: no job, no wake-up, the poll interval far away.
        assertThat(claimedAfterIdle.await(1, TimeUnit.SECONDS)).as("claims while idle").isFalse();

        workers.wake();
        assertThat(claimedAfterIdle.await(30, TimeUnit.SECONDS)).as("a wake-up still makes them look").isTrue();
      }
    }
  }
}
