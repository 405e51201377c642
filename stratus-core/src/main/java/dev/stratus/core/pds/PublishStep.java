package dev.stratus.core.pds;

import dev.stratus.core.job.PdsHandoff;
import dev.stratus.core.job.TokenDeadline;
import dev.stratus.core.media.MediaException;
import dev.stratus.core.media.MediaLayout;
import dev.stratus.core.pipeline.JobContext;
import dev.stratus.core.pipeline.LeaseLostException;
import dev.stratus.core.pipeline.Step;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the MP4 to the uploader's PDS with the uploader's own token, as video.bsky.app does, and
 * makes the PDS's blob ref the job's result. A PDS that refuses the blob for its size gets a
 * smaller one ({@link PdsFit}), at most {@value #MAX_REFITS} times. Transient failures are retried with exponential
 * backoff (capped) for as long as the token stays valid, each retry logged with the job id; a PDS that answers with a different CID or type
 * than the file we sent is refused.
 */
public final class PublishStep implements Step {
  private static final Logger LOG = LoggerFactory.getLogger(PublishStep.class);
  private final PdsUploader uploader;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Retry retry;
  private final @Nullable PdsFit fit;
  /** How many times a blob the PDS refused for its size is encoded again, smaller. */
  static final int MAX_REFITS = 2;

  /**
   * @param firstDelay the wait after the first failure; it doubles after each further one
   * @param maxDelay the longest wait; tries go on until the token expires
   */
  public record Retry(Duration firstDelay, Duration maxDelay) {}

  public PublishStep(PdsUploader uploader, Clock clock, Sleeper sleeper, Retry retry) {
    this(uploader, clock, sleeper, retry, null);
  }

  /** @param fit encodes a smaller blob when the PDS refuses one for its size; null to fail then */
  public PublishStep(PdsUploader uploader, Clock clock, Sleeper sleeper, Retry retry, @Nullable PdsFit fit) {
    this.fit = fit;
    this.uploader = uploader;
    this.clock = clock;
    this.sleeper = sleeper;
    this.retry = retry;
  }

  @Override
  public JobState state() {
    return JobState.UPLOADING;
  }

  @Override
  public FailureCode failureCode() {
    return FailureCode.PDS_UPLOAD_FAILURE;
  }

  @Override
  public void run(JobContext job) throws Exception {
    PdsHandoff handoff = job.job().handoff();
    if (handoff == null) {
      throw new MediaException(
          FailureCode.PDS_UPLOAD_FAILURE, "pds_upload_failed", "This job has no PDS to deliver the video to");
    }
    Instant expires = tokenExpiry(handoff);
    Path file = job.output().resolve(MediaLayout.BLOB);
    Duration delay = retry.firstDelay();
    int refits = 0;
    for (int attempt = 1; ; attempt++) {
      requireUnexpired(expires);
      BlobRef ours = job.blob();
      // Progress arrives on the HTTP client's thread: a lost lease there must not look like a
      // network error, so it is kept and rethrown here.
      AtomicReference<LeaseLostException> lost = new AtomicReference<>();
      LongConsumer progress =
          sent -> {
            try {
              job.progress(percent(sent, ours.size()));
            } catch (LeaseLostException e) {
              lost.compareAndSet(null, e);
            }
          };
      try {
        BlobRef theirs = uploader.uploadBlob(handoff, file, ours.mimeType(), progress);
        throwIfLost(lost);
        job.blob(checked(theirs, ours));
        job.markDelivered();
        job.report(JobState.UPLOADED, 100);
        return;
      } catch (PdsUploadException e) {
        throwIfLost(lost);
        if (e.tooLarge() && fit != null) {
          // The PDS said how big is too big: a smaller blob goes at once, not after a pause.
          fit.refit(job, handoff, e, refits == MAX_REFITS);
          refits++;
          continue;
        }
        // The token, not a count, bounds the tries: a PDS back within the token's life still gets the video.
        boolean timeLeft = clock.instant().plus(delay).isBefore(expires);
        if (!e.retryable() || !timeLeft) {
          throw new MediaException(e.failureCode(), errorName(e.failureCode()), e.getMessage());
        }
        LOG.info("job {}: PDS upload try {} failed ({}); next try in {} ms, token valid until {}",
            job.job().id(), attempt, e.getMessage(), delay.toMillis(), expires);
      }
      sleeper.sleep(delay);
      delay = min(delay.multipliedBy(2), retry.maxDelay());
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void throwIfLost(AtomicReference<LeaseLostException> lost) {
    LeaseLostException e = lost.get();
    if (e != null) {
      throw e;
    }
  }

  private static Instant tokenExpiry(PdsHandoff handoff) throws MediaException {
    return TokenDeadline.of(handoff)
        .orElseThrow(() -> new MediaException(
            FailureCode.PDS_UPLOAD_FAILURE, "pds_upload_failed", "The upload token is unreadable"));
  }

  private void requireUnexpired(Instant expires) throws MediaException {
    if (!clock.instant().isBefore(expires)) {
      throw TokenDeadline.expired(expires);
    }
  }

  private static BlobRef checked(BlobRef theirs, BlobRef ours) throws MediaException {
    if (!theirs.cid().equals(ours.cid())) {
      throw new MediaException(
          FailureCode.PDS_UPLOAD_FAILURE,
          "pds_upload_failed",
          "The PDS stored the video as " + theirs.cid() + " but we sent " + ours.cid());
    }
    if (!theirs.mimeType().equals(ours.mimeType())) {
      throw new MediaException(
          FailureCode.PDS_UPLOAD_FAILURE,
          "pds_upload_failed",
          "The PDS stored the video as " + theirs.mimeType() + ", not " + ours.mimeType());
    }
    return theirs;
  }

  private static String errorName(FailureCode code) {
    return FailureCode.PDS_UPLOAD_UNSUPPORTED_BLOB_SIZE.equals(code) ? "pds_blob_too_large" : "pds_upload_failed";
  }

  private static int percent(long sent, long size) {
    return size <= 0 ? 0 : (int) Math.min(99, sent * 100 / size);
  }
}
