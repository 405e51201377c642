package dev.stratus.core.pipeline;

import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import org.jspecify.annotations.Nullable;

/**
 * Adds the caption tracks known so far to the stored master playlist, after {@link StoreMediaStep}
 * wrote it plain: a post that arrived while the video was encoding is not lost. Tracks of posts
 * that arrive later are added when they do.
 */
public final class CaptionStep implements Step {
  private final CaptionTracks captions;

  public CaptionStep(CaptionTracks captions) {
    this.captions = captions;
  }

  @Override
  public @Nullable JobState state() {
    return null;
  }

  @Override
  public FailureCode failureCode() {
    return FailureCode.GENERIC_FAILURE;
  }

  @Override
  public void run(JobContext job) throws InterruptedException {
    captions.publish(job.job().did(), job.blob().cid());
  }
}
