package dev.stratus.core.pipeline;

import dev.stratus.core.events.JobEvents;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.media.MediaException;
import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.stratus.core.job.TokenDeadline;
import org.jspecify.annotations.Nullable;

/**
 * Runs a claimed job through an ordered list of steps in a fresh workspace (one list for uploads,
 * one for videos of the network), then completes it or fails it with the code of the step that
 * failed. Either way the upload and the workspace are deleted, and a failed video of the network
 * leaves no partial media behind; only a lost lease or a stop leaves the job (and its upload) for
 * the next holder.
 */
public final class Pipeline {
  public static final String COMPLETED_MESSAGE = "Video processed successfully";
  /** The pause before a retry after a deadline hit on a busy machine, times the attempts so far. */
  static final Duration RETRY_PAUSE = Duration.ofSeconds(30);

  private final Steps steps;
  private final JobStore store;
  private final BlobStore blobs;
  private final Path workRoot;
  private final Settings settings;
  private final JobEvents events;
  private final Clock clock;
  // Token deadlines and lease heartbeats of every running job.
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("job-timers").daemon(true).factory());

  /**
   * What a job goes through.
   *
   * @param upload for an uploaded video
   * @param ingest for a video of the network ({@link Job#isIngest()})
   */
  public record Steps(List<Step> upload, List<Step> ingest) {
    public Steps {
      upload = List.copyOf(upload);
      ingest = List.copyOf(ingest);
    }

    /** The same steps for every job. */
    public static Steps always(List<Step> steps) {
      return new Steps(steps, steps);
    }

    List<Step> of(Job job) {
      return job.isIngest() ? ingest : upload;
    }
  }

  /**
   * @param lease how long a claim lasts without a report
   * @param maxAttempts a job claimed more often than this (each crash mid-job costs one) fails
   */
  public record Settings(Duration lease, int maxAttempts) {}

  public Pipeline(
      Steps steps,
      JobStore store,
      BlobStore blobs,
      Path workRoot,
      Settings settings,
      JobEvents events,
      Clock clock) {
    this.steps = steps;
    this.store = store;
    this.blobs = blobs;
    this.workRoot = workRoot;
    this.settings = settings;
    this.events = events;
    this.clock = clock;
  }

  public Duration lease() {
    return settings.lease();
  }

  /** Processes one job claimed by {@code workerId}. Never throws for a job's own failure. */
  public void run(Job job, String workerId) throws IOException {
    Instant started = clock.instant();
    if (job.attempts() > settings.maxAttempts()) {
      fail(job, workerId, FailureCode.GENERIC_FAILURE, "too_many_attempts",
          "Processing was interrupted " + (job.attempts() - 1) + " times; giving up", started, null);
      return;
    }
    Optional<Instant> deadline = TokenDeadline.of(job);
    if (deadline.isPresent() && !started.isBefore(deadline.get())) {
      MediaException expired = TokenDeadline.expired(deadline.get());
      fail(job, workerId, expired.failureCode(), expired.error(), expired.getMessage(), started, null);
      return;
    }
    // When the forwarded token expires before the video reached the PDS, nothing more this run
    // does can be delivered: stop at once. Once delivered, the deadline no longer matters.
    AtomicBoolean tokenExpired = new AtomicBoolean();
    AtomicBoolean delivered = new AtomicBoolean();
    Thread worker = Thread.currentThread();
    ScheduledFuture<?> watchdog =
        deadline
            .map(at -> timers.schedule(() -> {
              synchronized (delivered) {
                if (!delivered.get()) {
                  tokenExpired.set(true);
                  worker.interrupt();
                }
              }
            }, Math.max(0, Duration.between(clock.instant(), at).toMillis()), TimeUnit.MILLISECONDS))
            .orElse(null);
    // The heartbeat: the lease is renewed on a timer whatever the step is doing (an encode that
    // prints no progress, a slow copy, a PDS upload). When a renewal finds the lease gone, another
    // worker owns the job now: this run stops at once and writes nothing.
    LeaseHeartbeat heartbeat = new LeaseHeartbeat(store, job.id(), workerId, settings.lease(), worker);
    long beat = Math.max(1, settings.lease().toMillis() / 3);
    ScheduledFuture<?> beats = timers.scheduleAtFixedRate(heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    try {
      runSteps(job, workerId, started, delivered, heartbeat);
    } catch (InterruptedException e) {
      if (heartbeat.lost()) {
        Thread.interrupted();
        events.abandoned(job, "lease lost (another worker holds the job now); " + e.getMessage());
        return;
      }
      if (!tokenExpired.get()) {
        // The worker is stopping (a node shutting down): the job goes back at once, for another
        // node to take over without waiting for the lease to run out.
        boolean released = store.release(job.id(), workerId, Duration.ZERO);
        Thread.currentThread().interrupt();
        events.abandoned(job, (e.getMessage() == null ? "worker stopped" : e.getMessage())
            + (released ? "; lease given back" : ""));
        return;
      }
      Thread.interrupted();
      MediaException expired = TokenDeadline.expired(deadline.orElseThrow());
      fail(job, workerId, expired.failureCode(), expired.error(), expired.getMessage(), started, heartbeat);
    } finally {
      // After stop() no beat interrupts this thread, which goes on to its next job.
      heartbeat.stop();
      beats.cancel(false);
      if (watchdog != null) {
        watchdog.cancel(false);
      }
      if (tokenExpired.get() || heartbeat.lost()) {
        Thread.interrupted();
      }
    }
  }

  private void runSteps(Job job, String workerId, Instant started, AtomicBoolean delivered, LeaseHeartbeat heartbeat)
      throws IOException, InterruptedException {
    // One folder per attempt: an encoder left running by a crashed attempt can never write into
    // the files of the attempt that takes over.
    try (Workspace workspace = Workspace.open(workRoot, job.id() + "." + job.attempts())) {
      JobContext context = new JobContext(job, workspace, store, workerId, settings.lease(), delivered);
      for (Step step : steps.of(job)) {
        JobState state = step.state();
        if (state != null && !state.equals(context.state())) {
          context.report(state, 0);
        }
        String name = step.getClass().getSimpleName();
        events.stepStarted(job, name);
        long stepStart = System.nanoTime();
        try {
          step.run(context);
          events.stepFinished(job, name, Duration.ofNanos(System.nanoTime() - stepStart), context.mediaSeconds());
        } catch (LeaseLostException e) {
          throw e;
        } catch (InterruptedException e) {
          throw new InterruptedException("worker stopped during " + name);
        } catch (Exception e) {
          if (Thread.currentThread().isInterrupted()) {
            // Stopped mid-step: the step's failure is our doing, not the video's.
            throw new InterruptedException("worker stopped during " + name);
          }
          if (e instanceof MediaException media && media.retryable() && job.attempts() < settings.maxAttempts()) {
            // Not the video's fault: another try later, after a pause that grows with each one.
            Duration pause = RETRY_PAUSE.multipliedBy(job.attempts());
            if (store.release(job.id(), workerId, pause)) {
              events.abandoned(job, media.getMessage() + "; next try in " + pause.toSeconds() + " s");
            }
            return;
          }
          if (e instanceof MediaException media) {
            fail(job, workerId, media.failureCode(), media.error(), media.getMessage(), started, heartbeat);
            return;
          }
          fail(job, workerId, step.failureCode(), step.failureCode().value(),
              name + " failed: " + describe(e), started, heartbeat);
          return;
        }
      }
      // Once the job ends its lease is gone: a beat after that must not take the ending (the
      // upload's deletion) for a takeover and interrupt it.
      heartbeat.stop();
      if (store.complete(job.id(), workerId, context.blob(), context.completionMessage().orElse(COMPLETED_MESSAGE))) {
        deleteUpload(job);
        events.completed(job, Duration.between(started, clock.instant()));
      } else {
        events.abandoned(job, "lease lost before completion");
      }
    } catch (LeaseLostException e) {
      events.abandoned(job, e.getMessage());
    }
  }

  private void fail(Job job, String workerId, FailureCode code, String error, String message, Instant started,
      @Nullable LeaseHeartbeat heartbeat) throws IOException {
    if (heartbeat != null) {
      heartbeat.stop();
    }
    if (store.fail(job.id(), workerId, code, error, message)) {
      deleteUpload(job);
      if (job.isIngest()) {
        // Segments published while it encoded: a failed video must not look half there.
        blobs.deleteAll(BlobKeys.mediaFolder(job.did(), job.sourceCid()));
      }
      events.failed(job, code, message, Duration.between(started, clock.instant()));
    } else {
      events.abandoned(job, "lease lost before failing: " + message);
    }
  }

  private void deleteUpload(Job job) throws IOException {
    blobs.delete(job.inputKey());
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
