package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code app.bsky.video.defs#jobStatus}: where a video upload stands. Optional fields are omitted
 * from JSON when absent; fields this version does not know are ignored when read, and states and
 * failure codes it does not know are kept as they were sent.
 *
 * @param jobId the job's identifier, as {@code uploadVideo} or {@code startUpload} returned it;
 *     pass it to {@code getJobStatus}
 * @param did the DID of the account that uploaded the video
 * @param state where processing stands: {@code JOB_STATE_CREATED}, then {@code JOB_STATE_ENCODING}
 *     and the other known states, ending in {@code JOB_STATE_COMPLETED} or {@code JOB_STATE_FAILED};
 *     the lexicon says any other value means the job is still in process ({@link JobState#isTerminal()})
 * @param progress percent done within the current state, 0 to 100; null when the service does not say
 * @param blob the video blob on the uploader's PDS, once the job completed: put it in an
 *     {@code app.bsky.embed.video} record; null before
 * @param error an error name when the job failed or the upload was a duplicate (e.g.
 *     {@code already_exists}, whose {@code jobId} is the earlier job); null otherwise
 * @param failureCode why a failed job failed, for programs: {@code validation_failure} (not a video
 *     the service accepts), {@code encoding_failure}, {@code pds_upload_failure},
 *     {@code pds_upload_unsupported_blob_size} (the PDS refused its size), {@code generic_failure},
 *     or a newer code; null unless the job failed
 * @param message words for people about the current state or the failure, e.g. "Video is too
 *     long"; null when there is nothing to say
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

  /**
   * The response of {@code getJobStatus}: {@code {"jobStatus": …}}.
   *
   * @param jobStatus the job's status
   */
  // Written by JobStatusJson, without reflection. The annotations above still state the wire
  // shape, and JobStatusJsonTest holds the serializer to what they alone would write.
  @JsonSerialize(using = JobStatusJson.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Output(JobStatus jobStatus) {}
}
