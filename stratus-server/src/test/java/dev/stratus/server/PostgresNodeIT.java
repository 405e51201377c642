package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.client.VideoClient;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.media.MediaFixtures;
import dev.stratus.testkit.sql.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose jobs live in PostgreSQL: uploads in parts complete, dedupe and limits hold, a restart finds them. */
class PostgresNodeIT {
  @TempDir Path dir;

  @Test
  void aNodeOnPostgresUploadsProcessesAndRemembers() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).noAudio(dir.resolve("clip.mp4"), 1);
    String did = "did:plc:postgresnode";
    try (TestPostgres database = TestPostgres.create()) {
      Map<String, String> env = Map.of("STRATUS_DATABASE_URL", database.url(), "STRATUS_DAILY_VIDEOS", "3");
      JobStatus done;
      try (TestServer node = TestServer.start(dir.resolve("node"), env)) {
        VideoClient client = VideoClient.builder().serviceUrl(node.baseUrl()).pollInterval(Duration.ofMillis(100))
            .tokens(lxm -> TestServer.devToken(did, lxm)).build();
        JobStatus created = client.upload(clip, "video/mp4");
        done = client.awaitCompletion(created.jobId(), status -> {}, Duration.ofMinutes(2));

        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(client.upload(clip, "video/mp4").jobId()).isEqualTo(done.jobId());
        assertThat(client.getUploadLimits().remainingDailyVideos()).isEqualTo(2);
      }
      // Nothing of the job was in the node's own folder: a new node with an empty one finds it.
      try (TestServer next = TestServer.start(dir.resolve("next"), env)) {
        assertThat(next.client.getJobStatus(done.jobId())).isEqualTo(done);
        assertThat(next.client(TestServer.devToken(did, Nsid.GET_UPLOAD_LIMITS)).getUploadLimits().remainingDailyVideos())
            .isEqualTo(2);
      }
    }
  }
}
