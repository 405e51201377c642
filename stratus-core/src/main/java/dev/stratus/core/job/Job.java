package dev.stratus.core.job;

import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One processing job as stored. {@code inputKey} names the uploaded file in the blob store and
 * {@code handoff} says where the result goes; both are kept only until the job ends. A job with a
 * {@code sourceCid} plays a video of the network instead: that blob is fetched from the PDS of
 * {@code did}, and its media is kept under that CID. {@code priority} is the rank it was stored
 * (or last raised) with.
 */
public record Job(
    String id,
    String did,
    JobState state,
    int progress,
    @Nullable BlobRef blob,
    @Nullable FailureCode failureCode,
    @Nullable String error,
    @Nullable String message,
    String inputKey,
    String inputMimeType,
    long inputSize,
    Instant createdAt,
    Instant updatedAt,
    int attempts,
    @Nullable PdsHandoff handoff,
    @Nullable String sourceCid,
    JobPriority priority) {

  /** Whether this job fetches a video of the network rather than processing an upload. */
  public boolean isIngest() {
    return sourceCid != null;
  }

  /** What a client sees: the lexicon job status. */
  public JobStatus toStatus() {
    return new JobStatus(id, did, state, progress, blob, error, failureCode, message);
  }
}
