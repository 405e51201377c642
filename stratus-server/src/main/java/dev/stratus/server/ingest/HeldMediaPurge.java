package dev.stratus.server.ingest;

import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import dev.stratus.jdbc.MediaHolds;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the files of removed videos and of deleted or taken-down accounts once their grace
 * period is over. Run by the housekeeping timer; nothing that is not held is touched.
 */
public final class HeldMediaPurge {
  private static final Logger LOG = LoggerFactory.getLogger(HeldMediaPurge.class);
  private static final int BATCH = 100;

  private final MediaHolds holds;
  private final BlobStore blobs;

  public HeldMediaPurge(MediaHolds holds, BlobStore blobs) {
    this.holds = holds;
    this.blobs = blobs;
  }

  /** Purges what is due now; returns how many videos or accounts were purged. */
  public int sweep() throws IOException {
    int purged = 0;
    for (MediaHolds.Purge due : holds.duePurges(BATCH)) {
      String videoCid = due.videoCid();
      blobs.deleteAll(videoCid == null ? BlobKeys.accountMedia(due.did()) : BlobKeys.mediaFolder(due.did(), videoCid));
      holds.purged(due);
      LOG.info("deleted the media of {}{}", videoCid == null ? "the account " : "the video " + videoCid + " of ", due.did());
      purged++;
    }
    return purged;
  }
}
