package dev.stratus.core.job;

import dev.stratus.core.events.JobEvents;
import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns an upload into a job. Everything that can be refused is refused as early as it can be:
 * the account gate and the MIME type before a byte is read, the declared size and the quota from
 * {@code Content-Length}; then the body is streamed into the blob store under a server-chosen key
 * (never held in memory, never named by the client), hashed and cut off at the size limit on the
 * way, and admitted atomically (quota, dedupe). Whatever is refused leaves no bytes behind.
 */
public final class Uploads {
  private final JobStore store;
  private final BlobStore blobs;
  private final JobId ids;
  private final UploadPolicy policy;
  private final UploadGate gate;
  private final Clock clock;
  private final Runnable wakeWorkers;
  private final JobEvents events;

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

  public Uploads(
      JobStore store,
      BlobStore blobs,
      JobId ids,
      UploadPolicy policy,
      UploadGate gate,
      Clock clock,
      Runnable wakeWorkers,
      JobEvents events) {
    this.store = store;
    this.blobs = blobs;
    this.ids = ids;
    this.policy = policy;
    this.gate = gate;
    this.clock = clock;
    this.wakeWorkers = wakeWorkers;
    this.events = events;
  }

  /**
   * Accepts one video for {@code did}, which the caller has authenticated. {@code declaredLength}
   * is the request's {@code Content-Length}, or -1. {@code handoff} says where the result goes
   * (null keeps it here, as development mode does).
   */
  public Accepted accept(
      String did, String mimeType, long declaredLength, Body body, @Nullable PdsHandoff handoff)
      throws IOException, UploadRejected {
    Optional<UploadGate.Refusal> refusal = gate.check(did);
    if (refusal.isPresent()) {
      UploadGate.Refusal r = refusal.get();
      throw new UploadRejected(r.status(), r.error(), r.message());
    }
    if (!UploadPolicy.isAccepted(mimeType)) {
      throw new UploadRejected(400, "InvalidMimeType", "unsupported content type " + mimeType
          + "; accepted: " + String.join(", ", UploadPolicy.ACCEPTED_MIME_TYPES));
    }
    if (declaredLength > policy.maxUploadBytes()) {
      throw tooLarge(declaredLength);
    }
    Quota quota = quota();
    Usage used = store.usage(did, quota.since());
    if (!quota.admits(used, Math.max(0, declaredLength))) {
      throw overQuota(used, declaredLength);
    }
    String jobId = ids.next();
    String key = BlobKeys.upload(jobId);
    boolean keep = false;
    try {
      CappedDigestStream capped = new CappedDigestStream(body.open(), policy.maxUploadBytes());
      long size;
      try {
        size = blobs.put(key, capped);
      } catch (CappedDigestStream.TooLarge e) {
        throw tooLarge(e.bytesRead());
      }
      if (size == 0) {
        throw new UploadRejected(400, "InvalidRequest", "the request body is empty");
      }
      NewJob job = new NewJob(jobId, did, key, mimeType, size, capped.sha256Hex(), handoff);
      return switch (store.admit(job, quota)) {
        case Admission.Created created -> {
          keep = true;
          events.created(created.job());
          wakeWorkers.run();
          yield new Accepted(created.job(), false);
        }
        case Admission.Duplicate duplicate -> new Accepted(duplicate.existing(), true);
        case Admission.OverQuota over -> throw overQuota(over.used(), size);
      };
    } finally {
      if (!keep) {
        blobs.delete(key);
      }
    }
  }

  /** The account's quota window as of now. */
  Quota quota() {
    return new Quota(clock.instant().minus(policy.window()), policy.dailyVideos(), policy.dailyBytes());
  }

  private UploadRejected tooLarge(long size) {
    return new UploadRejected(413, "PayloadTooLarge", policy.tooLargeMessage(size));
  }

  private UploadRejected overQuota(Usage used, long bytes) {
    return new UploadRejected(429, "DailyLimitExceeded", policy.exceededMessage(used));
  }
}
