package dev.stratus.core.pipeline;

/**
 * The worker no longer holds the job (its lease ran out and another worker took it over): stop
 * at once and write nothing, the new holder owns the job now.
 */
public final class LeaseLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LeaseLostException(String jobId) {
    super("lease lost on job " + jobId);
  }
}
