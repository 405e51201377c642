package dev.stratus.server.ingest;

import dev.stratus.core.media.MediaException;
import dev.stratus.core.pipeline.SourceFetcher;
import dev.stratus.lexicon.FailureCode;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The pipeline's {@link SourceFetcher}: a {@link BlobFetcher} whose refusals become job failures.
 * A blob that is missing, too large, not what its CID says or on a refused host is the video's
 * fault ({@code validation_failure}, final); a PDS that cannot be reached now is tried again later.
 */
public final class PdsSources implements SourceFetcher {
  private final BlobFetcher fetcher;

  public PdsSources(BlobFetcher fetcher) {
    this.fetcher = fetcher;
  }

  @Override
  public long fetch(String did, String cid, Path target, long maxBytes) throws MediaException, InterruptedException {
    try {
      return fetcher.fetch(did, cid, target, maxBytes);
    } catch (FetchException e) {
      String error = "blob_" + e.kind().name().toLowerCase(Locale.ROOT);
      if (e.kind() == FetchException.Kind.UNREACHABLE) {
        throw MediaException.retryable(FailureCode.GENERIC_FAILURE, error, e.getMessage());
      }
      throw new MediaException(FailureCode.VALIDATION_FAILURE, error, e.getMessage());
    }
  }
}
