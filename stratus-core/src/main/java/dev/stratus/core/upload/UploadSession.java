package dev.stratus.core.upload;

import dev.stratus.lexicon.UploadState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One multipart upload as stored. While {@link UploadState#CREATED} it holds a reservation of one
 * video and {@code sizeBytes} against its account's daily quota; {@code parts} are the parts
 * received so far, by number.
 *
 * @param partSize the size of every part but the last, which holds the rest
 * @param endedAt when the session reached a terminal state; retention counts from here
 * @param completedJobId the job to poll once completed (an earlier one on dedupe)
 * @param failureReason why the session failed, for people
 */
public record UploadSession(
    String id,
    String did,
    String mimeType,
    @Nullable String name,
    long sizeBytes,
    long partSize,
    int partCount,
    UploadState state,
    Instant createdAt,
    Instant expiresAt,
    @Nullable Instant endedAt,
    @Nullable String completedJobId,
    @Nullable String failureReason,
    SortedMap<Integer, Part> parts) {

  /** A stored part: the blob key that holds its bytes, and their count. */
  public record Part(int number, String key, long size) {}

  public UploadSession {
    Objects.requireNonNull(state, "state");
    parts = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(parts));
  }

  /** The number of parts a file of {@code sizeBytes} splits into with parts of {@code partSize}. */
  public static int partCount(long sizeBytes, long partSize) {
    return Math.toIntExact((sizeBytes + partSize - 1) / partSize);
  }

  /** The exact length part {@code number} (1-based, in range) must have. */
  public long expectedSize(int number) {
    return number < partCount ? partSize : sizeBytes - partSize * (partCount - 1L);
  }

  public boolean isPartNumber(int number) {
    return number >= 1 && number <= partCount;
  }

  /** The state a client sees at {@code now}: a created session past its expiry is expired. */
  public UploadState stateAt(Instant now) {
    return state.equals(UploadState.CREATED) && !now.isBefore(expiresAt) ? UploadState.EXPIRED : state;
  }

  /** Part numbers not received yet, ascending. */
  public List<Integer> missingParts() {
    List<Integer> missing = new ArrayList<>();
    for (int n = 1; n <= partCount; n++) {
      if (!parts.containsKey(n)) {
        missing.add(n);
      }
    }
    return missing;
  }
}
