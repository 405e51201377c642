package dev.stratus.core.pipeline;

import dev.stratus.core.media.MediaException;
import java.nio.file.Path;

/**
 * Fetches a blob of an account from its own PDS: the source of a video of the network, or a
 * caption file. The bytes must match the CID before the file is there.
 */
public interface SourceFetcher {
  /** The {@code app.bsky.embed.video} lexicon's {@code maxSize} for a video blob. */
  long VIDEO_MAX_BYTES = 100_000_000;

  /**
   * Fetches {@code did}'s blob {@code cid} into {@code target} and returns its size. A blob that
   * is missing, too large, not what its CID says or on a refused host fails with
   * {@code validation_failure}; one that cannot be reached now is retryable.
   */
  long fetch(String did, String cid, Path target, long maxBytes) throws MediaException, InterruptedException;
}
