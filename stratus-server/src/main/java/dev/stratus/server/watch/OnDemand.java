package dev.stratus.server.watch;

import dev.stratus.core.job.IngestAdmission;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobPriority;
import dev.stratus.core.job.JobStore;
import dev.stratus.lexicon.JobState;
import dev.stratus.server.ingest.NetworkVideos;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Plays a video of the network that Stratus does not hold yet: the player's first request queues
 * it ahead of every other job and is held until its first segments are published (a few seconds),
 * the job fails, or the wait runs out. Only so many requests wait at once; the rest are told to
 * come back.
 */
public final class OnDemand {
  /** How often a waiting request looks again: one small storage read. */
  private static final Duration LOOK_EVERY = Duration.ofMillis(100);

  private final NetworkVideos videos;
  private final JobStore jobs;
  private final Duration maxWait;
  private final Semaphore waiting;

  /** What became of a request for a video not stored yet. */
  public sealed interface Outcome {
    /** Its first segments are there: serve it. */
    record Ready() implements Outcome {}

    /** It cannot be had (no such blob, not a video, a refused host): 404. */
    record Missing(String why) implements Outcome {}

    /** Still on its way (or too many waiting): the player should ask again shortly. */
    record Pending(String why) implements Outcome {}
  }

  public OnDemand(NetworkVideos videos, JobStore jobs, Duration maxWait, int maxWaiting) {
    this.videos = videos;
    this.jobs = jobs;
    this.maxWait = maxWait;
    this.waiting = new Semaphore(maxWaiting);
  }

  public Outcome await(String did, String cid) throws InterruptedException {
    if (!waiting.tryAcquire()) {
      return new Outcome.Pending("too many videos are being fetched at once");
    }
    try {
      IngestAdmission admission = videos.request(did, cid, 0, JobPriority.WATCH);
      if (admission instanceof IngestAdmission.RecentlyFailed failed) {
        return new Outcome.Missing(reason(failed.job()));
      }
      long deadline = System.nanoTime() + maxWait.toNanos();
      String jobId = admission.job().id();
      while (true) {
        if (videos.stored(did, cid)) {
          return new Outcome.Ready();
        }
        Job job = jobs.find(jobId).orElse(null);
        if (job == null) {
          return new Outcome.Missing("the video is gone");
        }
        if (job.state().equals(JobState.FAILED)) {
          return new Outcome.Missing(reason(job));
        }
        if (System.nanoTime() > deadline) {
          return new Outcome.Pending("the video is still being fetched");
        }
        TimeUnit.MILLISECONDS.sleep(LOOK_EVERY.toMillis()); // a bounded wait on storage another node may write
      }
    } finally {
      waiting.release();
    }
  }

  private static String reason(Job job) {
    return job.message() == null ? "the video cannot be played" : job.message();
  }
}
