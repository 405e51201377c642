package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.media.MediaFixtures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job interrupted by a stop mid-encode is finished by the next start, not lost or failed. */
class CrashRecoveryIT {
  private static final String DID = "did:plc:crashrecovery";

  @Test
  void aJobInterruptedMidEncodeCompletesAfterRestart(@TempDir Path dir) throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).landscape1080p(dir.resolve("clip.mp4"), 3);
    Path data = dir.resolve("data");

    String jobId;
    try (LogWatch jobs = new LogWatch("stratus.jobs", Level.DEBUG, "EncodeStep")) {
      try (TestServer first = TestServer.start(data, Map.of())) {
        jobId = first.client(TestServer.devToken(DID, Nsid.REPO_UPLOAD_BLOB)).uploadVideo(DID, clip, "video/mp4").jobId();
        assertThat(jobs.awaitMatches(1, 60)).as("the encode started").isTrue();
        // Stopping now interrupts the worker (and kills its ffmpeg) long before a 1080p encode ends.
      }
      assertThat(jobs.all()).contains("job " + jobId + " left for another run: worker stopped during EncodeStep; lease given back");
    }

    try (TestServer second = TestServer.start(data, Map.of())) {
      JobStatus before = second.client.getJobStatus(jobId);
      assertThat(before.state().isTerminal()).as(before.toString()).isFalse();
      second.services.workers().wake();
      second.drain();
      JobStatus after = second.client.getJobStatus(jobId);
      assertThat(after.state()).as(after.toString()).isEqualTo(JobState.COMPLETED);
      assertThat(UploadAndPlaybackIT.listFiles(data.resolve("work"))).isEmpty();
      assertThat(UploadAndPlaybackIT.listFiles(data.resolve("blobs/uploads"))).isEmpty();
    }
  }
}
