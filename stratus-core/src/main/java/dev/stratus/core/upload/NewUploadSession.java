package dev.stratus.core.upload;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What {@link UploadSessionStore#reserve} stores: a session in its first state, created. */
public record NewUploadSession(
    String id,
    String did,
    String mimeType,
    @Nullable String name,
    long sizeBytes,
    long partSize,
    Instant expiresAt) {

  public int partCount() {
    return UploadSession.partCount(sizeBytes, partSize);
  }
}
