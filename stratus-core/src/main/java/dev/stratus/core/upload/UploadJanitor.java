package dev.stratus.core.upload;

import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends what clients left behind: sessions past their expiry are marked expired (which releases
 * their reservations) and their parts deleted; sessions that ended longer ago than the retention
 * period are forgotten, and any parts a crash left of them deleted. Run it on a timer with
 * {@link #sweep()}; it is safe to run on several nodes at once.
 */
public final class UploadJanitor {
  private static final Logger LOG = LoggerFactory.getLogger(UploadJanitor.class);

  private static final int PURGE_BATCH = 1000;

  private final UploadSessionStore sessions;
  private final BlobStore blobs;
  private final MultipartSettings settings;
  private final Clock clock;

  /** What one sweep did. */
  public record Sweep(int expired, int purged) {}

  public UploadJanitor(UploadSessionStore sessions, BlobStore blobs, MultipartSettings settings, Clock clock) {
    this.sessions = sessions;
    this.blobs = blobs;
    this.settings = settings;
    this.clock = clock;
  }

  public Sweep sweep() throws IOException {
    Instant now = clock.instant();
    List<UploadSession> expired = sessions.expire(now);
    for (UploadSession session : expired) {
      blobs.deleteAll(BlobKeys.partsFolder(session.id()));
    }
    // Parts first: a crash between the two leaves a row to retry, never an orphaned blob.
    List<String> purged = sessions.endedBefore(now.minus(settings.retention()), PURGE_BATCH);
    for (String id : purged) {
      blobs.deleteAll(BlobKeys.partsFolder(id));
      sessions.forget(id);
    }
    if (!expired.isEmpty() || !purged.isEmpty()) {
      LOG.info("uploads: {} expired, {} forgotten after retention", expired.size(), purged.size());
    }
    return new Sweep(expired.size(), purged.size());
  }
}
