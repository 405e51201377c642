package dev.stratus.core.pipeline;

import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;

/**
 * One stage of processing. The pipeline reports {@link #state()} when the step starts; an
 * exception the step does not classify itself (a {@link dev.stratus.core.media.MediaException}
 * carries its own code) fails the job with {@link #failureCode()}.
 */
public interface Step {
  JobState state();

  FailureCode failureCode();

  void run(JobContext job) throws Exception;
}
