package dev.stratus.core.pipeline;

import dev.stratus.atproto.Cid;
import dev.stratus.core.job.TokenDeadline;
import dev.stratus.core.media.InputValidator;
import dev.stratus.core.pds.PdsFit;
import dev.stratus.core.media.MediaLayout;
import dev.stratus.core.media.Transcoder;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Runs the transcoder, then names the MP4 blob by its CID. When the forwarded token would expire
 * before a full encode and the handoff could finish, only the blob is made now, as fast as its spec
 * allows (a stream copy when the input already meets it), so it reaches the PDS in time; the HLS
 * ladder is then built from the delivered blob by {@link LadderStep}.
 */
public final class EncodeStep implements Step {
  static final String BLOB_MIME_TYPE = "video/mp4";
  // Sending the blob to the PDS: a fixed allowance plus a cautious 5 MB/s.
  private static final Duration HANDOFF_ALLOWANCE = Duration.ofSeconds(10);
  private static final long HANDOFF_BYTES_PER_SECOND = 5_000_000;

  private final Transcoder transcoder;
  private final InputValidator validator;
  private final EncodeSpeed speed;
  private final Clock clock;
  private final @Nullable PdsFit fit;

  public EncodeStep(Transcoder transcoder, InputValidator validator, EncodeSpeed speed, Clock clock) {
    this(transcoder, validator, speed, clock, null);
  }

  /** @param fit fits the blob to its PDS's learned size limit; null when nothing goes to a PDS */
  public EncodeStep(Transcoder transcoder, InputValidator validator, EncodeSpeed speed, Clock clock, @Nullable PdsFit fit) {
    this.fit = fit;
    this.transcoder = transcoder;
    this.validator = validator;
    this.speed = speed;
    this.clock = clock;
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
    double seconds = job.media().durationSeconds();
    OptionalLong limit = fit == null ? OptionalLong.empty() : fit.planFor(job);
    if (blobFirst(job, seconds)) {
      if (limit.isPresent()) {
        transcoder.encodeFittedBlob(job.input(), job.media(), job.ladder(), output, job::progress);
      } else {
        transcoder.encodeBlob(job.input(), job.media(), job.ladder(), output, job::progress);
      }
      job.ladderPending(true);
    } else {
      Instant started = clock.instant();
      transcoder.transcode(job.input(), job.media(), job.ladder(), output, job::progress);
      speed.record(seconds, Duration.between(started, clock.instant()));
    }
    Path blob = output.resolve(MediaLayout.BLOB);
    validator.checkEncodedSize(Files.size(blob));
    job.output(output);
    job.blob(BlobRef.of(Cid.of(blob), BLOB_MIME_TYPE, Files.size(blob)));
    if (limit.isPresent()) {
      job.completionMessage(PdsFit.fittedMessage(limit.getAsLong(), Files.size(blob)));
    }
    job.report(JobState.ENCODED, 100);
  }

  /** Whether the token's deadline leaves no time for the full encode and then the handoff. */
  private boolean blobFirst(JobContext job, double seconds) {
    Optional<Instant> deadline = TokenDeadline.of(job.job());
    if (deadline.isEmpty()) {
      return false;
    }
    Duration handoff = HANDOFF_ALLOWANCE.plusSeconds(job.job().inputSize() / HANDOFF_BYTES_PER_SECOND);
    return clock.instant().plus(speed.estimate(seconds)).plus(handoff).isAfter(deadline.get());
  }
}
