package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/**
 * {@code app.bsky.video.defs#jobStatus.state}. The lexicon lists known values but says every other
 * value means "still in process", so a value read from the wire is kept as it is, never rejected.
 */
public final class JobState extends OpenEnum {
  public static final JobState CREATED = new JobState("JOB_STATE_CREATED");
  public static final JobState ENCODING = new JobState("JOB_STATE_ENCODING");
  public static final JobState ENCODED = new JobState("JOB_STATE_ENCODED");
  public static final JobState SCANNING = new JobState("JOB_STATE_SCANNING");
  public static final JobState SCANNED = new JobState("JOB_STATE_SCANNED");
  public static final JobState UPLOADING = new JobState("JOB_STATE_UPLOADING");
  public static final JobState UPLOADED = new JobState("JOB_STATE_UPLOADED");
  public static final JobState COMPLETED = new JobState("JOB_STATE_COMPLETED");
  public static final JobState FAILED = new JobState("JOB_STATE_FAILED");

  /** Every state the lexicon names, in the order a successful job passes through them. */
  public static final List<JobState> KNOWN =
      List.of(CREATED, ENCODING, ENCODED, SCANNING, SCANNED, UPLOADING, UPLOADED, COMPLETED, FAILED);

  private JobState(String value) {
    super(value);
  }

  /** The state for a wire value: a known constant, or a preserved unknown value. */
  @JsonCreator
  public static JobState of(String value) {
    return lookup(KNOWN, value, JobState::new);
  }

  /** True for {@link #COMPLETED} and {@link #FAILED}; any other value means the job is running. */
  public boolean isTerminal() {
    return this.equals(COMPLETED) || this.equals(FAILED);
  }

  public boolean isKnown() {
    return KNOWN.contains(this);
  }
}
