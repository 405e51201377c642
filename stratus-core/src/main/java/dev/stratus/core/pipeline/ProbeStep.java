package dev.stratus.core.pipeline;

import dev.stratus.core.media.InputValidator;
import dev.stratus.core.media.Ladder;
import dev.stratus.core.media.MediaInfo;
import dev.stratus.core.media.Transcoder;
import dev.stratus.core.storage.BlobStore;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import java.nio.file.Path;

/**
 * Brings the upload into the workspace (unless an earlier step fetched the input), reads what it is and checks it against the input limits;
 * non-video, or video outside the limits, ends the job here, before any encode.
 */
public final class ProbeStep implements Step {
  private final BlobStore blobs;
  private final Transcoder transcoder;
  private final InputValidator validator;

  public ProbeStep(BlobStore blobs, Transcoder transcoder, InputValidator validator) {
    this.blobs = blobs;
    this.transcoder = transcoder;
    this.validator = validator;
  }

  @Override
  public JobState state() {
    return JobState.ENCODING;
  }

  @Override
  public FailureCode failureCode() {
    return FailureCode.VALIDATION_FAILURE;
  }

  @Override
  public void run(JobContext job) throws Exception {
    if (!job.hasInput()) {
      // A server-chosen name: nothing the client sent becomes part of a path.
      Path input = job.workspace().resolve("input");
      blobs.copyTo(job.job().inputKey(), input);
      job.input(input);
    }
    MediaInfo info = transcoder.probe(job.input());
    validator.check(info);
    job.probed(info, Ladder.forSource(info));
  }
}
