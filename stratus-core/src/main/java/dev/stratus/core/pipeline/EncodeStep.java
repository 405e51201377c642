package dev.stratus.core.pipeline;

import dev.stratus.atproto.Cid;
import dev.stratus.core.media.InputValidator;
import dev.stratus.core.media.MediaLayout;
import dev.stratus.core.media.Transcoder;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the transcoder, then names the MP4 blob by its CID. */
public final class EncodeStep implements Step {
  static final String BLOB_MIME_TYPE = "video/mp4";

  private final Transcoder transcoder;
  private final InputValidator validator;

  public EncodeStep(Transcoder transcoder, InputValidator validator) {
    this.transcoder = transcoder;
    this.validator = validator;
  }

  @Override
  public JobState state() {
    return JobState.ENCODING;
  }

  @Override
  public FailureCode failureCode() {
    return FailureCode.ENCODING_FAILURE;
  }

  @Override
  public void run(JobContext job) throws Exception {
    Path output = Files.createDirectories(job.workspace().resolve("out"));
    transcoder.transcode(job.input(), job.media(), job.ladder(), output, job::progress);
    Path blob = output.resolve(MediaLayout.BLOB);
    validator.checkEncodedSize(Files.size(blob));
    job.output(output);
    job.blob(BlobRef.of(Cid.of(blob), BLOB_MIME_TYPE, Files.size(blob)));
    job.report(JobState.ENCODED, 100);
  }
}
