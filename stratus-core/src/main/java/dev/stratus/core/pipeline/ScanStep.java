package dev.stratus.core.pipeline;

import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;

/** Hands the encoded video to the {@link Scanner}. */
public final class ScanStep implements Step {
  private final Scanner scanner;

  public ScanStep(Scanner scanner) {
    this.scanner = scanner;
  }

  @Override
  public JobState state() {
    return JobState.SCANNING;
  }

  @Override
  public FailureCode failureCode() {
    return FailureCode.GENERIC_FAILURE;
  }

  @Override
  public void run(JobContext job) throws Exception {
    scanner.scan(job.output());
    job.report(JobState.SCANNED, 100);
  }
}
