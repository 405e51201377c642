package dev.stratus.core.pipeline;

import dev.stratus.core.media.Transcoder;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import org.jspecify.annotations.Nullable;

/**
 * Builds the HLS ladder and thumbnail from the upload once the blob was delivered, when {@link
 * EncodeStep} made the blob alone to beat the token's deadline; otherwise there is nothing to do.
 * The job stays {@code UPLOADED} meanwhile (its progress reports only keep the lease).
 */
public final class LadderStep implements Step {
  private final Transcoder transcoder;

  public LadderStep(Transcoder transcoder) {
    this.transcoder = transcoder;
  }

  @Override
  public @Nullable JobState state() {
    return null;
  }

  @Override
  public FailureCode failureCode() {
    return FailureCode.ENCODING_FAILURE;
  }

  @Override
  public void run(JobContext job) throws Exception {
    if (!job.ladderPending()) {
      return;
    }
    // From the upload, not the delivered blob: that may have been squeezed to fit the PDS.
    transcoder.encodeLadder(job.input(), job.media(), job.ladder(), job.output(), job::progress);
    job.ladderPending(false);
  }
}
