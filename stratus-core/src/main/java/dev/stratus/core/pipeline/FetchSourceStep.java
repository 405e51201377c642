package dev.stratus.core.pipeline;

import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Brings the source of a video of the network into the workspace: its blob, fetched from its
 * author's PDS and checked against its CID. The job's blob is that source: its media is kept, and
 * served, under the CID posts embed.
 */
public final class FetchSourceStep implements Step {
  private final SourceFetcher fetcher;

  public FetchSourceStep(SourceFetcher fetcher) {
    this.fetcher = fetcher;
  }

  @Override
  public @Nullable JobState state() {
    return null;
  }

  @Override
  public FailureCode failureCode() {
    return FailureCode.VALIDATION_FAILURE;
  }

  @Override
  public void run(JobContext job) throws Exception {
    String cid = Objects.requireNonNull(job.job().sourceCid(), "not a video of the network");
    Path input = job.workspace().resolve("input");
    long size = fetcher.fetch(job.job().did(), cid, input, SourceFetcher.VIDEO_MAX_BYTES);
    job.input(input);
    job.blob(BlobRef.of(cid, job.job().inputMimeType(), size));
  }
}
