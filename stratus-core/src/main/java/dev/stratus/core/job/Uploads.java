package dev.stratus.core.job;

import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Turns a single-request upload ({@code uploadVideo}) into a job. Everything that can be refused
 * is refused as early as it can be: the {@link UploadDoor} before a byte is read; then the body is
 * streamed into the blob store under a server-chosen key (never held in memory, never named by
 * the client), hashed and cut off at the size limit on the way, and admitted atomically (quota,
 * dedupe) by {@link JobAdmission}. Whatever is refused leaves no bytes behind.
 */
public final class Uploads {
  private final UploadDoor door;
  private final JobAdmission admission;
  private final BlobStore blobs;
  private final JobId ids;

  /** An accepted upload: a new job, or the earlier job for the same bytes. */
  public record Accepted(Job job, boolean duplicate) {}

  /**
   * The request body, opened only once the cheap checks pass: an HTTP server that is refused
   * before the body is touched can answer at once and skip the body.
   */
  @FunctionalInterface
  public interface Body {
    InputStream open() throws IOException;
  }

  public Uploads(UploadDoor door, JobAdmission admission, BlobStore blobs, JobId ids) {
    this.door = door;
    this.admission = admission;
    this.blobs = blobs;
    this.ids = ids;
  }

  /**
   * Accepts one video for {@code did}, which the caller has authenticated. {@code declaredLength}
   * is the request's {@code Content-Length}, or -1. {@code handoff} says where the result goes
   * (null keeps it here, as development mode does).
   */
  public Accepted accept(
      String did, String mimeType, long declaredLength, Body body, @Nullable PdsHandoff handoff)
      throws IOException, UploadRejected {
    door.check(did, mimeType, declaredLength);
    String jobId = ids.next();
    String key = BlobKeys.upload(jobId);
    boolean keep = false;
    try {
      long max = door.policy().maxUploadBytes();
      CappedDigestStream capped = new CappedDigestStream(body.open(), max);
      long size;
      try {
        size = blobs.put(key, capped);
      } catch (CappedDigestStream.TooLarge e) {
        throw door.tooLarge(e.bytesRead());
      }
      if (size == 0) {
        throw new UploadRejected(UploadRejected.Reason.EMPTY, "the request body is empty");
      }
      NewJob job = new NewJob(jobId, did, key, mimeType, size, capped.sha256Hex(), handoff);
      Accepted accepted = admission.admit(job);
      keep = !accepted.duplicate();
      return accepted;
    } finally {
      if (!keep) {
        blobs.delete(key);
      }
    }
  }
}
