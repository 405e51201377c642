package dev.stratus.core.pds;

import dev.stratus.atproto.Cid;
import dev.stratus.core.job.PdsHandoff;
import dev.stratus.core.media.BlobFit;
import dev.stratus.core.media.Ladder;
import dev.stratus.core.media.MediaException;
import dev.stratus.core.media.MediaLayout;
import dev.stratus.core.media.Rendition;
import dev.stratus.core.media.Transcoder;
import dev.stratus.core.pipeline.JobContext;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the MP4 blob fit the uploader's PDS: before the first encode, to the limit learned from
 * earlier refusals of the same PDS; after a refusal (HTTP 413), by encoding the blob again from the
 * upload, smaller. The client is told in the job's message.
 */
public final class PdsFit {
  private static final Logger LOG = LoggerFactory.getLogger(PdsFit.class);

  private final PdsBlobLimits limits;
  private final Transcoder transcoder;

  public PdsFit(PdsBlobLimits limits, Transcoder transcoder) {
    this.limits = limits;
    this.transcoder = transcoder;
  }

  /**
   * Fits the job's blob to the limit known for its PDS, if one is known and a watchable blob fits
   * it (else the PDS decides). Returns the limit applied.
   */
  public OptionalLong planFor(JobContext job) {
    PdsHandoff handoff = job.job().handoff();
    if (handoff == null) {
      return OptionalLong.empty();
    }
    OptionalLong limit = limits.limitOf(handoff.pdsUrl());
    if (limit.isEmpty()) {
      return limit;
    }
    Optional<Rendition> fitted = BlobFit.within(limit.getAsLong(), job.media(), job.ladder());
    if (fitted.isEmpty()) {
      return OptionalLong.empty();
    }
    job.probed(job.media(), job.ladder().withBlob(fitted.get()));
    LOG.info("job {}: the blob is encoded to fit {} (the limit learned for {})", job.job().id(),
        PdsBlobLimits.describe(limit.getAsLong()), handoff.pdsUrl());
    return limit;
  }

  /** The message of a job whose blob was encoded to fit from the start. */
  public static String fittedMessage(long limit, long size) {
    return "Your PDS accepts videos up to " + PdsBlobLimits.describe(limit) + "; this one was encoded to "
        + PdsBlobLimits.describe(size) + " to fit";
  }

  /**
   * After the PDS refused the job's blob for its size: learns the limit, encodes a blob that fits
   * it from the upload and makes it the job's blob. Fails with {@code pds_upload_unsupported_blob_size}
   * when no watchable blob fits, naming the limit and what the video needs.
   *
   * @param refusal the PDS's refusal
   * @param last whether this refusal is the last one allowed: then it is the end
   */
  public void refit(JobContext job, PdsHandoff handoff, PdsUploadException refusal, boolean last)
      throws MediaException, InterruptedException {
    long refused = job.blob().size();
    long limit = limits.refused(handoff.pdsUrl(), refused, refusal.statedLimit());
    double seconds = job.media().durationSeconds();
    String needs = "a watchable " + Math.round(seconds) + " s video needs at least "
        + PdsBlobLimits.describe(BlobFit.smallestWatchable(job.media(), job.ladder()));
    if (last) {
      throw tooLarge(refusal.getMessage() + ". It refused this video even at " + PdsBlobLimits.describe(refused)
          + ", and " + needs);
    }
    Optional<Rendition> fitted = BlobFit.within(limit, job.media(), job.ladder());
    if (fitted.isEmpty()) {
      throw tooLarge(refusal.getMessage() + ". It accepts videos up to about " + PdsBlobLimits.describe(limit)
          + ", and " + needs);
    }
    Ladder ladder = job.ladder().withBlob(fitted.get());
    LOG.info("job {}: {} refused {}; encoding the blob again at {}x{}, {} kbit/s to fit {}", job.job().id(),
        handoff.pdsUrl(), PdsBlobLimits.describe(refused), fitted.get().width(), fitted.get().height(),
        fitted.get().maxrateKbps(), PdsBlobLimits.describe(limit));
    transcoder.encodeFittedBlob(job.input(), job.media(), ladder, job.output(), percent -> {});
    job.probed(job.media(), ladder);
    Path blob = job.output().resolve(MediaLayout.BLOB);
    try {
      job.blob(BlobRef.of(Cid.of(blob), job.blob().mimeType(), Files.size(blob)));
    } catch (IOException e) {
      throw new MediaException(FailureCode.ENCODING_FAILURE, "encoding_failed", "The fitted video cannot be read: " + e.getMessage());
    }
    job.completionMessage("Your PDS accepts videos up to " + PdsBlobLimits.describe(limit)
        + "; this one was re-encoded to " + PdsBlobLimits.describe(job.blob().size()));
  }

  private static MediaException tooLarge(String message) {
    return new MediaException(FailureCode.PDS_UPLOAD_UNSUPPORTED_BLOB_SIZE, "pds_blob_too_large", message);
  }
}
