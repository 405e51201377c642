package dev.stratus.core.pipeline;

import dev.stratus.core.job.JobPriority;
import dev.stratus.core.media.HlsPlaylists;
import dev.stratus.core.media.MediaLayout;
import dev.stratus.core.media.Rendition;
import dev.stratus.core.media.Transcoder;
import dev.stratus.core.storage.BlobStore;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Encodes a video of the network into the HLS ladder and thumbnail (its blob is the source
 * itself, already on its PDS), publishing the segments as they are made, so a viewer waiting on
 * it starts watching within seconds; the playlists then end as {@code VOD} ones.
 */
public final class GrowingLadderStep implements Step {
  /** How often new segments are looked for while the encode runs. */
  static final Duration PUBLISH_EVERY = Duration.ofMillis(200);

  private final Transcoder forViewers;
  private final Transcoder inBackground;
  private final BlobStore blobs;
  private final ScheduledExecutorService publishers;

  /**
   * @param forViewers encodes a video a viewer waits on (at a higher CPU priority than uploads)
   * @param inBackground encodes a video seen on the event stream (at a lower one)
   */
  public GrowingLadderStep(
      Transcoder forViewers, Transcoder inBackground, BlobStore blobs, ScheduledExecutorService publishers) {
    this.forViewers = forViewers;
    this.inBackground = inBackground;
    this.blobs = blobs;
    this.publishers = publishers;
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
    List<String> renditions = job.ladder().renditions().stream().map(Rendition::name).toList();
    GrowingPublisher publisher =
        new GrowingPublisher(blobs, output, job.job().did(), job.blob().cid(), renditions);
    long every = PUBLISH_EVERY.toMillis();
    ScheduledFuture<?> publishing =
        publishers.scheduleWithFixedDelay(publisher::publishNew, every, every, TimeUnit.MILLISECONDS);
    try {
      Transcoder transcoder = job.job().priority() == JobPriority.WATCH ? forViewers : inBackground;
      transcoder.encodeGrowingLadder(job.input(), job.media(), job.ladder(), output, job::progress);
    } finally {
      publishing.cancel(false);
      job.alreadyStored(publisher.stop());
    }
    for (String rendition : renditions) {
      Path playlist = output.resolve(rendition).resolve(MediaLayout.RENDITION_PLAYLIST);
      Files.writeString(playlist, HlsPlaylists.finished(Files.readString(playlist)));
    }
    job.output(output);
    job.report(JobState.ENCODED, 100);
  }
}
