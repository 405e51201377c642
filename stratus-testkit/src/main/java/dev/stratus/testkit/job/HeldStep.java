package dev.stratus.testkit.job;

import dev.stratus.core.pipeline.JobContext;
import dev.stratus.core.pipeline.Step;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline step that stands in for a long encode: it says it started, reports nothing, and
 * waits until the test lets it finish, then sets {@code blob} as the job's result.
 */
public final class HeldStep implements Step {
  public final CountDownLatch started = new CountDownLatch(1);
  public final CountDownLatch finish = new CountDownLatch(1);
  private final BlobRef blob;

  public HeldStep(BlobRef blob) {
    this.blob = blob;
  }

  @Override
  public @Nullable JobState state() {
    return JobState.ENCODING;
  }

  @Override
  public FailureCode failureCode() {
    return FailureCode.ENCODING_FAILURE;
  }

  @Override
  public void run(JobContext job) throws Exception {
    started.countDown();
    if (!finish.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the test never let the step finish");
    }
    job.blob(blob);
  }
}
