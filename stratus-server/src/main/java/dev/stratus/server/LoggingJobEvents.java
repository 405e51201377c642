package dev.stratus.server;

import dev.stratus.core.events.JobEvents;
import dev.stratus.core.job.Job;
import dev.stratus.lexicon.FailureCode;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each job's life, one line per event, keyed by job id. Tokens never appear here. */
final class LoggingJobEvents implements JobEvents {
  private static final Logger LOG = LoggerFactory.getLogger("stratus.jobs");

  @Override
  public void created(Job job) {
    LOG.info("job {} created for {} ({} bytes, {})", job.id(), job.did(), job.inputSize(), job.inputMimeType());
  }

  @Override
  public void claimed(Job job, String workerId) {
    LOG.info("job {} claimed by {} (attempt {})", job.id(), workerId, job.attempts());
  }

  @Override
  public void stepStarted(Job job, String step) {
    LOG.debug("job {} {}", job.id(), step);
  }

  @Override
  public void completed(Job job, Duration took) {
    LOG.info("job {} completed in {} ms", job.id(), took.toMillis());
  }

  @Override
  public void failed(Job job, FailureCode code, String message, Duration took) {
    LOG.warn("job {} failed after {} ms: {}: {}", job.id(), took.toMillis(), code, message);
  }

  @Override
  public void abandoned(Job job, String reason) {
    LOG.warn("job {} left for another run: {}", job.id(), reason);
  }

  @Override
  public void workerError(String workerId, Exception error) {
    LOG.error("worker {} failed outside a job", workerId, error);
  }
}
