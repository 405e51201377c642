package dev.stratus.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.core.events.JobEvents;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.job.NewJob;
import dev.stratus.core.storage.BlobStore;
import dev.stratus.core.storage.FileBlobStore;
import dev.stratus.jdbc.JdbcJobStore;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.JobState;
import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.job.HeldStep;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step that reports nothing for longer than the lease keeps its job, because the heartbeat
 * renews the lease on a timer; and a run whose lease was taken over stops at once and writes
 * nothing. Leases are timed by a clock the test moves; the beats run on the real timer, every
 * third of the lease.
 */
class LeaseHeartbeatTest {
  private static final Duration LEASE = Duration.ofMillis(300);
  private static final BlobRef BLOB =
      BlobRef.of("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", "video/mp4", 4_096);

  @TempDir Path dir;

  private record Setup(JdbcJobStore store, HeldStep step, Pipeline pipeline, List<String> abandoned, Semaphore renewals) {}

  /** The real store, telling {@code renewals} of each renewal it made. */
  private static JobStore counting(JobStore real, Semaphore renewals) {
    return (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
        (proxy, method, args) -> {
          try {
            Object result = method.invoke(real, args);
            if (method.getName().equals("renew")) {
              renewals.release();
            }
            return result;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private Setup setUp(MutableClock clock) throws Exception {
    JdbcJobStore store = JdbcJobStore.sqlite(dir.resolve("jobs.db"), clock);
    FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"));
    blobs.put("uploads/job-1", new ByteArrayInputStream(new byte[] {1, 2, 3}));
    store.create(new NewJob("job-1", "did:plc:heartbeat", "uploads/job-1", "video/mp4", 3, "aa", null));
    HeldStep step = new HeldStep(BLOB);
    List<String> abandoned = new CopyOnWriteArrayList<>();
    JobEvents events = new JobEvents() {
      @Override
      public void abandoned(Job job, String reason) {
        abandoned.add(reason);
      }
    };
    Semaphore renewals = new Semaphore(0);
    Pipeline pipeline = new Pipeline(Pipeline.Steps.always(List.of(step)), counting(store, renewals), blobs, dir.resolve("work"),
        new Pipeline.Settings(LEASE, 3), events, clock);
    return new Setup(store, step, pipeline, abandoned, renewals);
  }

  /** Runs the job on a thread of its own; the future says whether that thread was left interrupted. */
  private static CompletableFuture<Boolean> runInBackground(Setup setup, Job job) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        setup.pipeline().run(job, "worker-a");
        return Thread.currentThread().isInterrupted();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, command -> Thread.ofPlatform().start(command));
  }

  @Test
  void aSilentStepKeepsItsJobThroughManyLeases() throws Exception {
    MutableClock clock = new MutableClock();
    Setup setup = setUp(clock);
    try (JdbcJobStore store = setup.store()) {
      Job job = store.claim("worker-a", LEASE).orElseThrow();
      CompletableFuture<Boolean> run = runInBackground(setup, job);
      assertThat(setup.step().started.await(10, TimeUnit.SECONDS)).isTrue();

      // Five times: the clock moves to 1 ms before the lease's end, then beats renew it. Without
      // them the job would be free for the taking after the second move.
      for (int lease = 0; lease < 5; lease++) {
        clock.advance(LEASE.minusMillis(1));
        awaitBeatsFromNow(setup.renewals());
        assertThat(store.claim("thief", LEASE)).as("lease %d", lease).isEmpty();
      }
      setup.step().finish.countDown();

      assertThat(run.get(10, TimeUnit.SECONDS)).as("worker left interrupted").isFalse();
      assertThat(store.find("job-1").orElseThrow().state()).isEqualTo(JobState.COMPLETED);
      assertThat(setup.abandoned()).isEmpty();
    }
  }

  @Test
  void aRunWhoseLeaseWasTakenOverStopsAndWritesNothing() throws Exception {
    MutableClock clock = new MutableClock();
    Setup setup = setUp(clock);
    try (JdbcJobStore store = setup.store()) {
      Job job = store.claim("worker-a", LEASE).orElseThrow();
      CompletableFuture<Boolean> run = runInBackground(setup, job);
      assertThat(setup.step().started.await(10, TimeUnit.SECONDS)).isTrue();

      // The clock jumps past the lease (a paused VM, say); another worker takes the job over.
      clock.advance(Duration.ofMinutes(1));
      Job taken = store.claim("worker-b", Duration.ofMinutes(10)).orElseThrow();

      // worker-a's next beat finds the lease gone and stops its silent step.
      assertThat(run.get(10, TimeUnit.SECONDS)).as("worker left interrupted").isFalse();
      assertThat(setup.abandoned()).singleElement().asString().contains("lease lost");
      Job now = store.find("job-1").orElseThrow();
      assertThat(now.state()).isEqualTo(taken.state());
      assertThat(store.renew("job-1", "worker-b", LEASE)).isTrue();
    }
  }

  /** Waits for two more renewals: the second began after this call, so it read the clock as it is now. */
  @Test
  void aBeatAfterTheJobEndedDoesNotInterruptTheDeletionOfItsUpload() throws Exception {
    MutableClock clock = new MutableClock();
    try (JdbcJobStore store = JdbcJobStore.sqlite(dir.resolve("ended.db"), clock)) {
      FileBlobStore files = new FileBlobStore(dir.resolve("ended-blobs"));
      files.put("uploads/job-1", new ByteArrayInputStream(new byte[] {1, 2, 3}));
      store.create(new NewJob("job-1", "did:plc:heartbeat", "uploads/job-1", "video/mp4", 3, "aa", null));
      Semaphore renewals = new Semaphore(0);
      AtomicBoolean interruptedWhileDeleting = new AtomicBoolean();
      // Deleting the upload takes a few beats' time (a slow object store), and notices an interrupt.
      BlobStore slowDeletes = (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(),
          new Class<?>[] {BlobStore.class}, (proxy, method, args) -> {
            if (method.getName().equals("delete") && "uploads/job-1".equals(args[0])) {
              try {
                renewals.drainPermits();
                renewals.tryAcquire(3 * LEASE.toMillis(), TimeUnit.MILLISECONDS);
                new CountDownLatch(1).await(LEASE.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                interruptedWhileDeleting.set(true);
                throw new java.io.IOException("interrupted while deleting");
              }
            }
            try {
              return method.invoke(files, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      HeldStep step = new HeldStep(BLOB);
      Pipeline pipeline = new Pipeline(Pipeline.Steps.always(List.of(step)), counting(store, renewals), slowDeletes,
          dir.resolve("ended-work"), new Pipeline.Settings(LEASE, 3), JobEvents.NONE, clock);
      Job job = store.claim("worker-a", LEASE).orElseThrow();
      CompletableFuture<Boolean> run = runInBackground(new Setup(store, step, pipeline, List.of(), renewals), job);
      assertThat(step.started.await(10, TimeUnit.SECONDS)).isTrue();
      step.finish.countDown();

      assertThat(run.get(10, TimeUnit.SECONDS)).as("worker left interrupted").isFalse();
      assertThat(interruptedWhileDeleting).isFalse();
      assertThat(store.find("job-1").orElseThrow().state()).isEqualTo(JobState.COMPLETED);
      assertThat(files.size("uploads/job-1")).isEmpty();
    }
  }

  private static void awaitBeatsFromNow(Semaphore renewals) throws InterruptedException {
    renewals.drainPermits();
    assertThat(renewals.tryAcquire(2, 10, TimeUnit.SECONDS)).as("heartbeats within 10 s").isTrue();
  }
}
