package dev.stratus.core.job;

import dev.stratus.core.events.JobEvents;
import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Turns an upload into a job: the body is streamed into the blob store under a server-chosen key
 * (never held in memory, never named by the client), then the job row is written and the workers
 * are woken. If anything fails on the way, the stored bytes are removed again.
 */
public final class Uploads {
  private final JobStore store;
  private final BlobStore blobs;
  private final JobId ids;
  private final Runnable wakeWorkers;
  private final JobEvents events;

  public Uploads(JobStore store, BlobStore blobs, JobId ids, Runnable wakeWorkers, JobEvents events) {
    this.store = store;
    this.blobs = blobs;
    this.ids = ids;
    this.wakeWorkers = wakeWorkers;
    this.events = events;
  }

  /**
   * Accepts one video for {@code did}; the caller has authenticated the DID. {@code handoff} says
   * where the result goes (null keeps it here, as development mode does).
   */
  public Job accept(String did, String mimeType, InputStream body, @Nullable PdsHandoff handoff)
      throws IOException, UploadRejected {
    if (!UploadPolicy.isAccepted(mimeType)) {
      throw new UploadRejected(
          400,
          "InvalidMimeType",
          "unsupported content type " + mimeType + "; accepted: "
              + String.join(", ", UploadPolicy.ACCEPTED_MIME_TYPES));
    }
    String jobId = ids.next();
    String key = BlobKeys.upload(jobId);
    boolean stored = false;
    try {
      long size = blobs.put(key, body);
      if (size == 0) {
        throw new UploadRejected(400, "InvalidRequest", "the request body is empty");
      }
      Job job = store.create(new NewJob(jobId, did, key, mimeType, size, handoff));
      stored = true;
      events.created(job);
      wakeWorkers.run();
      return job;
    } finally {
      if (!stored) {
        blobs.delete(key);
      }
    }
  }
}
