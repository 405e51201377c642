package dev.stratus.core.pipeline;

import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import org.jspecify.annotations.Nullable;

/**
 * One stage of processing. The pipeline reports {@link #state()} when the step starts (a step
 * with none leaves the job in the state the previous step reached); an
 * exception the step does not classify itself (a {@link dev.stratus.core.media.MediaException}
 * carries its own code) fails the job with {@link #failureCode()}.
 */
public interface Step {
  @Nullable JobState state();

  FailureCode failureCode();

  void run(JobContext job) throws Exception;
}
