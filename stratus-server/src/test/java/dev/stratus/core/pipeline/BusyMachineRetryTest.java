package dev.stratus.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.core.events.JobEvents;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.NewJob;
import dev.stratus.core.media.InputLimits;
import dev.stratus.core.media.InputValidator;
import dev.stratus.core.storage.FileBlobStore;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.ffmpeg.FfmpegSettings;
import dev.stratus.ffmpeg.FfmpegTranscoder;
import dev.stratus.jdbc.JdbcJobStore;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import dev.stratus.testkit.MutableClock;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A probe that runs out of time (here: a deadline no process can meet, standing for a machine too
 * busy to answer) is not a verdict on the video: the job is tried again after a pause, each try
 * counted, and only when the tries run out does it fail, without calling the video invalid.
 */
class BusyMachineRetryTest {
  private static final Duration LEASE = Duration.ofMinutes(5);
  @TempDir Path dir;

  @Test
  void aProbeDeadlineIsRetriedNotAnInvalidVideo() throws Exception {
    MutableClock clock = new MutableClock();
    FfmpegBinaries bundled = FfmpegBinaries.bundled();
    // A probe that makes no progress, as on a machine too busy to run it: it is still running at
    // the runner's first look, whatever the load, so its impossible budget is always found spent.
    Path stalled = Files.writeString(dir.resolve("stalled-ffprobe"), "#!/bin/sh\nexec sleep 60\n");
    Files.setPosixFilePermissions(stalled, PosixFilePermissions.fromString("rwx------"));
    FfmpegBinaries binaries = new FfmpegBinaries(bundled.ffmpeg(), stalled, bundled.env());
    FfmpegTranscoder impatient =
        new FfmpegTranscoder(binaries, new FfmpegSettings(Duration.ofNanos(1), Duration.ofMinutes(10), 10, 0));
    try (JdbcJobStore store = JdbcJobStore.sqlite(dir.resolve("db"), clock)) {
      FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"));
      blobs.put("uploads/job-1", new ByteArrayInputStream(new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'}));
      store.create(new NewJob("job-1", "did:plc:busy", "uploads/job-1", "video/mp4", 8, "aa", null));
      Pipeline pipeline =
          new Pipeline(
              Pipeline.Steps.always(List.of(new ProbeStep(blobs, impatient, new InputValidator(InputLimits.DEFAULTS)))),
              store, blobs, dir.resolve("work"), new Pipeline.Settings(LEASE, 3), JobEvents.NONE, clock);

      Job first = store.claim("worker-a", LEASE).orElseThrow();
      pipeline.run(first, "worker-a");
      assertThat(store.find("job-1").orElseThrow().state()).isNotEqualTo(JobState.FAILED);
      // Not claimable until the pause has passed.
      clock.advance(Pipeline.RETRY_PAUSE.minusSeconds(1));
      assertThat(store.claim("worker-b", LEASE)).isEmpty();
      clock.advance(Duration.ofSeconds(2));
      Job second = store.claim("worker-b", LEASE).orElseThrow();
      assertThat(second.attempts()).isEqualTo(2);
      pipeline.run(second, "worker-b");

      clock.advance(Pipeline.RETRY_PAUSE.multipliedBy(2).plusSeconds(1));
      Job third = store.claim("worker-c", LEASE).orElseThrow();
      pipeline.run(third, "worker-c");
      Job done = store.find("job-1").orElseThrow();
      assertThat(done.state()).isEqualTo(JobState.FAILED);
      assertThat(done.failureCode()).isEqualTo(FailureCode.GENERIC_FAILURE);
      assertThat(done.error()).isEqualTo("probe_timeout");
      assertThat(done.message()).contains("used up its time").contains("tried again").doesNotContain("not a video");
    }
  }
}
