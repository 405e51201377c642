package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.client.VideoClient;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.testkit.media.MediaFixtures;
import dev.stratus.testkit.sql.TestPostgres;
import dev.stratus.testkit.storage.TestS3;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An API node takes uploads and encodes nothing; a worker node encodes them and serves no API. */
class NodeRolesIT {
  @TempDir Path dir;

  @Test
  void anApiNodesUploadIsEncodedByAWorkerNode() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).noAudio(dir.resolve("clip.mp4"), 1);
    String did = "did:plc:noderoles";
    try (TestPostgres database = TestPostgres.create(); TestS3 s3 = TestS3.start()) {
      Map<String, String> shared = SharedStorage.env(database, s3, s3.newBucket());
      shared.put("STRATUS_POLL_SECONDS", "1");
      Map<String, String> apiEnv = new HashMap<>(shared);
      apiEnv.put("STRATUS_ROLE", "api");
      Map<String, String> workerEnv = new HashMap<>(shared);
      workerEnv.put("STRATUS_ROLE", "worker");
      try (TestServer api = TestServer.start(dir.resolve("api"), apiEnv)) {
        VideoClient client = VideoClient.builder().serviceUrl(api.baseUrl()).pollInterval(Duration.ofMillis(100))
            .tokens(lxm -> TestServer.devToken(did, lxm)).build();
        JobStatus created = client.upload(clip, "video/mp4");
        // Nobody encodes on the API node: the job waits.
        assertThat(api.services.jobs().waitingJobs()).isEqualTo(1);

        try (TestServer worker = TestServer.start(dir.resolve("worker"), workerEnv)) {
          JobStatus done = client.awaitCompletion(created.jobId(), status -> {}, Duration.ofMinutes(2));
          assertThat(done.state()).isEqualTo(JobState.COMPLETED);

          assertThat(status(worker.baseUrl() + "/xrpc/app.bsky.video.getJobStatus?jobId=" + created.jobId())).isEqualTo(404);
          assertThat(status(worker.baseUrl() + "/_ready")).isEqualTo(200);
          assertThat(status(worker.baseUrl() + "/metrics")).isEqualTo(200);
          assertThat(status(api.baseUrl() + "/watch/" + did + "/" + done.blob().cid() + "/playlist.m3u8")).isEqualTo(200);
        }
      }
    }
  }

  private static int status(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }
}
