package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Output of {@code app.bsky.video.getUploadStatus}: the authoritative state of a multipart upload.
 * {@code receivedParts} lists the part numbers stored so far, in ascending order.
 * {@code completedJobId} and {@code jobStatus} are present only when completed (the job may be an
 * earlier one with the same video); {@code failureReason} only when failed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "jobId", "partSizeBytes", "partCount", "receivedParts", "expiresAt", "state", "completedJobId",
  "jobStatus", "failureReason"
})
public record UploadStatus(
    String jobId,
    long partSizeBytes,
    int partCount,
    List<Integer> receivedParts,
    String expiresAt,
    UploadState state,
    @Nullable String completedJobId,
    @Nullable JobStatus jobStatus,
    @Nullable String failureReason) {
  public UploadStatus {
    receivedParts = List.copyOf(receivedParts);
  }
}
