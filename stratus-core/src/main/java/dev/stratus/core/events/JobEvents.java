package dev.stratus.core.events;

import dev.stratus.core.job.Job;
import dev.stratus.lexicon.FailureCode;
import java.time.Duration;
import java.util.List;

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

  /**
   * A step ended without failing, after {@code took}; {@code mediaSeconds} is the video's length
   * once the probe has read it (0 before), so a listener can tell encode speed.
   */
  default void stepFinished(Job job, String step, Duration took, double mediaSeconds) {}

  default void completed(Job job, Duration took) {}

  default void failed(Job job, FailureCode code, String message, Duration took) {}

  /** The worker lost its lease (it will not write again) or was stopped mid-job. */
  default void abandoned(Job job, String reason) {}

  /** Something went wrong outside any job, e.g. the store could not be reached. */
  default void workerError(String workerId, Exception error) {}

  /** Tells every one of {@code listeners}, in order, of each event. */
  static JobEvents all(List<JobEvents> listeners) {
    List<JobEvents> each = List.copyOf(listeners);
    return new JobEvents() {
      @Override
      public void created(Job job) {
        each.forEach(l -> l.created(job));
      }

      @Override
      public void claimed(Job job, String workerId) {
        each.forEach(l -> l.claimed(job, workerId));
      }

      @Override
      public void stepStarted(Job job, String step) {
        each.forEach(l -> l.stepStarted(job, step));
      }

      @Override
      public void stepFinished(Job job, String step, Duration took, double mediaSeconds) {
        each.forEach(l -> l.stepFinished(job, step, took, mediaSeconds));
      }

      @Override
      public void completed(Job job, Duration took) {
        each.forEach(l -> l.completed(job, took));
      }

      @Override
      public void failed(Job job, FailureCode code, String message, Duration took) {
        each.forEach(l -> l.failed(job, code, message, took));
      }

      @Override
      public void abandoned(Job job, String reason) {
        each.forEach(l -> l.abandoned(job, reason));
      }

      @Override
      public void workerError(String workerId, Exception error) {
        each.forEach(l -> l.workerError(workerId, error));
      }
    };
  }
}
