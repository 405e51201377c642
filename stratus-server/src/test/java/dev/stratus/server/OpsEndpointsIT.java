package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.client.VideoClient;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.LexJson;
import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.media.MediaFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a fleet's operators read: readiness with the failing check named, and Prometheus metrics. */
class OpsEndpointsIT {
  @TempDir Path dir;

  private record Answer(int status, String body) {}

  private static Answer get(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    }
  }

  @Test
  void metricsCountJobsStepsRequestsAndTheJvm() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).noAudio(dir.resolve("clip.mp4"), 1);
    Path garbage = Files.writeString(dir.resolve("garbage.mp4"), "not a video at all, but long enough to be looked at".repeat(40));
    String did = "did:plc:opsmetrics";
    try (TestServer server = TestServer.start(dir.resolve("data"), Map.of())) {
      VideoClient client = VideoClient.builder().serviceUrl(server.baseUrl()).pollInterval(Duration.ofMillis(100))
          .tokens(lxm -> TestServer.devToken(did, lxm)).build();
      JobStatus good = client.awaitCompletion(client.uploadVideo(did, clip, "video/mp4").jobId(), s -> {}, Duration.ofMinutes(2));
      JobStatus bad = client.awaitCompletion(client.uploadVideo(did, garbage, "video/mp4").jobId(), s -> {}, Duration.ofMinutes(2));
      assertThat(good.state()).isEqualTo(JobState.COMPLETED);
      assertThat(bad.state()).isEqualTo(JobState.FAILED);

      Answer ready = get(server.baseUrl() + "/_ready");
      assertThat(ready.status()).isEqualTo(200);
      JsonNode checks = LexJson.mapper().readTree(ready.body()).path("checks");
      assertThat(checks.path("database").asText()).isEqualTo("ok");
      assertThat(checks.path("storage").asText()).isEqualTo("ok");
      assertThat(checks.path("ffmpeg").asText()).isEqualTo("ok");

      Answer metrics = get(server.baseUrl() + "/metrics");
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("stratus_jobs_admitted_total 2.0")
          .contains("stratus_jobs_completed_total 1.0")
          .contains("stratus_jobs_failed_total{code=\"validation_failure\"} 1.0")
          .contains("stratus_ingested_bytes_total " + (double) (Files.size(clip) + Files.size(garbage)))
          .contains("stratus_jobs_queued 0.0")
          .contains("stratus_jobs_unfinished{state=\"JOB_STATE_ENCODING\"} 0.0")
          .contains("stratus_step_duration_seconds_count{step=\"EncodeStep\"} 1")
          .contains("stratus_encode_speed_count 1")
          .contains("http_server_requests_seconds_count{method=\"POST\",route=\"/xrpc/app.bsky.video.uploadVideo\",status=\"200\"} 2")
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void aNodeWhoseStorageFailsIsNotReadyAndSaysWhy() throws Exception {
    MutableClock clock = new MutableClock();
    try (TestServer server = TestServer.start(dir.resolve("broken"), Map.of(), clock)) {
      assertThat(get(server.baseUrl() + "/_ready").status()).isEqualTo(200);
      // The staging folder every write goes through is gone, a file in its place.
      Path staging = dir.resolve("broken/blobs/.staging");
      Files.delete(staging);
      Files.writeString(staging, "in the way");
      // Within the second, the checks are not run again: asking costs nothing.
      assertThat(get(server.baseUrl() + "/_ready").status()).isEqualTo(200);
      clock.advance(Duration.ofSeconds(1));

      Answer ready = get(server.baseUrl() + "/_ready");

      assertThat(ready.status()).isEqualTo(503);
      JsonNode body = LexJson.mapper().readTree(ready.body());
      assertThat(body.path("error").asText()).isEqualTo("NotReady");
      assertThat(body.path("message").asText()).startsWith("storage: ");
      assertThat(body.path("checks").path("database").asText()).isEqualTo("ok");
      assertThat(get(server.baseUrl() + "/_health").status()).isEqualTo(200);
    }
  }
}
