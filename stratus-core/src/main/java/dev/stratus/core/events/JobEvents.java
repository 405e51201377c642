package dev.stratus.core.events;

import dev.stratus.core.job.Job;
import dev.stratus.lexicon.FailureCode;
import java.time.Duration;

/**
 * What happens to jobs, told to one place that logs and counts. Every method has a no-op default
 * so a listener implements only what it needs.
 */
public interface JobEvents {
  JobEvents NONE = new JobEvents() {};

  default void created(Job job) {}

  default void claimed(Job job, String workerId) {}

  /** A step of the job's pipeline (named by its class) begins. */
  default void stepStarted(Job job, String step) {}

  default void completed(Job job, Duration took) {}

  default void failed(Job job, FailureCode code, String message, Duration took) {}

  /** The worker lost its lease (it will not write again) or was stopped mid-job. */
  default void abandoned(Job job, String reason) {}

  /** Something went wrong outside any job, e.g. the store could not be reached. */
  default void workerError(String workerId, Exception error) {}
}
