package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code app.bsky.video.defs#jobStatus}. Optional fields are omitted from JSON when absent; fields
 * this version does not know are ignored when read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "jobId", "did", "state", "progress", "blob", "error", "failureCode", "message"
})
public record JobStatus(
    String jobId,
    String did,
    JobState state,
    @Nullable Integer progress,
    @Nullable BlobRef blob,
    @Nullable String error,
    @Nullable FailureCode failureCode,
    @Nullable String message) {

  public JobStatus {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(state, "state");
    if (progress != null && (progress < 0 || progress > 100)) {
      throw new IllegalArgumentException("progress must be 0..100, was " + progress);
    }
  }

  /** The response of {@code getJobStatus}: {@code {"jobStatus": …}}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Output(JobStatus jobStatus) {}
}
