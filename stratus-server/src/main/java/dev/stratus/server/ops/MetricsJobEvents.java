package dev.stratus.server.ops;

import dev.stratus.core.events.JobEvents;
import dev.stratus.core.job.Job;
import dev.stratus.lexicon.FailureCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Counts what happens to jobs: uploads and their bytes, completions, failures by lexicon code
 * (the PDS handoff's among them), abandoned runs, the time each step takes, and how fast encodes
 * go (seconds of video per second of work).
 */
public final class MetricsJobEvents implements JobEvents {
  private static final String ENCODE_STEP = "EncodeStep";
  private final MeterRegistry registry;
  private final Counter created;
  private final Counter ingested;
  private final Counter completed;
  private final Counter abandoned;
  private final DistributionSummary encodeSpeed;

  public MetricsJobEvents(Metrics metrics) {
    this.registry = metrics.registry();
    // Not "created": Prometheus keeps the _created suffix of counters for their start time.
    this.created = Counter.builder("stratus.jobs.admitted").description("jobs admitted (uploads accepted)").register(registry);
    this.ingested = Counter.builder("stratus.ingested.bytes").description("bytes of uploaded video").register(registry);
    this.completed = Counter.builder("stratus.jobs.completed").description("jobs completed").register(registry);
    this.abandoned = Counter.builder("stratus.jobs.abandoned")
        .description("runs left for another (lease lost, worker stopped, retry later)").register(registry);
    this.encodeSpeed = DistributionSummary.builder("stratus.encode.speed")
        .description("seconds of video encoded per second of wall time")
        .serviceLevelObjectives(0.25, 0.5, 1, 2, 4, 8, 16, 32)
        .register(registry);
  }

  @Override
  public void created(Job job) {
    created.increment();
    ingested.increment(job.inputSize());
  }

  @Override
  public void stepFinished(Job job, String step, Duration took, double mediaSeconds) {
    Timer.builder("stratus.step.duration").tag("step", step).publishPercentileHistogram()
        .description("time each pipeline step takes").register(registry).record(took);
    if (ENCODE_STEP.equals(step) && mediaSeconds > 0 && !took.isZero()) {
      encodeSpeed.record(mediaSeconds / (took.toNanos() / 1e9));
    }
  }

  @Override
  public void completed(Job job, Duration took) {
    completed.increment();
  }

  @Override
  public void failed(Job job, FailureCode code, String message, Duration took) {
    Counter.builder("stratus.jobs.failed").tag("code", code.value()).description("jobs failed, by failure code")
        .register(registry).increment();
  }

  @Override
  public void abandoned(Job job, String reason) {
    abandoned.increment();
  }
}
