package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.media.MediaFixtures;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads that should be refused are refused early, with the words real clients match. */
class UploadLimitsIT {
  private static final long MAX_UPLOAD = 2_000_000;
  // A refused upload ends its connection; each request gets a fresh client so no test depends on
  // how a client pools connections after that.
  private static HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @TempDir static Path dir;
  static TestServer server;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            dir.resolve("data"),
            Map.of(
                "STRATUS_MAX_UPLOAD_BYTES", Long.toString(MAX_UPLOAD),
                "STRATUS_DAILY_VIDEOS", "3",
                "STRATUS_DAILY_BYTES", "2500000",
                "STRATUS_DENIED_DIDS", "did:plc:denied0000000000000000"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static HttpResponse<String> upload(String did, HttpRequest.BodyPublisher body) throws Exception {
    return upload(server, did, body);
  }

  private static HttpResponse<String> upload(TestServer to, String did, HttpRequest.BodyPublisher body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(to.baseUrl() + Nsid.path(Nsid.UPLOAD_VIDEO) + "?did=" + did + "&name=x.mp4"))
            .header("Authorization", "Bearer " + TestServer.devToken(did, Nsid.REPO_UPLOAD_BLOB))
            .header("Content-Type", "video/mp4")
            .expectContinue(true)
            .POST(body)
            .build();
    return http().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return LexJson.read(response.body(), JsonNode.class);
  }

  private static JsonNode limits(String did) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + Nsid.path(Nsid.GET_UPLOAD_LIMITS)))
            .header("Authorization", "Bearer " + TestServer.devToken(did, Nsid.GET_UPLOAD_LIMITS))
            .build();
    return json(http().send(request, HttpResponse.BodyHandlers.ofString()));
  }

  private static void assertNothingLeftBehind() throws Exception {
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/.staging"))).isEmpty();
  }

  @Test
  void aDeclaredSizeOverTheLimitIsRefusedBeforeReading() throws Exception {
    HttpResponse<String> response = upload("did:plc:sizedeclared0000000000", HttpRequest.BodyPublishers.ofByteArray(randomBytes((int) MAX_UPLOAD + 1, 1)));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).path("error").asText()).isEqualTo("PayloadTooLarge");
    assertThat(json(response).path("message").asText())
        .isEqualTo("file size (2000001 bytes) is larger than the maximum allowed size (2000000 bytes)");
    assertNothingLeftBehind();
  }

  @Test
  void aClientThatHidesItsSizeIsCutOffAtTheLimit() throws Exception {
    byte[] tooMuch = randomBytes((int) MAX_UPLOAD + 100_000, 2);
    HttpResponse<String> response =
        upload("did:plc:sizehidden00000000000000", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooMuch)));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).path("message").asText()).matches(
        "file size \\(\\d+ bytes\\) is larger than the maximum allowed size \\(2000000 bytes\\)");
    assertThat(server.services.jobs().usage("did:plc:sizehidden00000000000000", Instant.EPOCH).videos()).isZero();
    assertNothingLeftBehind();
  }

  @Test
  void parallelUploadsCannotOvershootTheDailyVideos() throws Exception {
    String did = "did:plc:quotavideos0000000000000";
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      byte[] body = randomBytes(1000, 100 + i);
      responses.add(pool.submit(() -> upload(did, HttpRequest.BodyPublishers.ofByteArray(body))));
    }
    int accepted = 0;
    for (Future<HttpResponse<String>> future : responses) {
      HttpResponse<String> response = future.get();
      if (response.statusCode() == 200) {
        accepted++;
      } else {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(json(response).path("error").asText()).isEqualTo("DailyLimitExceeded");
        assertThat(json(response).path("message").asText()).isEqualTo("User has exceeded daily upload videos limit");
      }
    }
    pool.shutdown();
    assertThat(accepted).isEqualTo(3);
    JsonNode limits = limits(did);
    assertThat(limits.path("canUpload").asBoolean()).isFalse();
    assertThat(limits.path("remainingDailyVideos").asLong()).isZero();
    assertThat(limits.path("remainingDailyBytes").asLong()).isEqualTo(2_500_000 - 3000);
    assertThat(limits.path("message").asText()).isEqualTo("User has exceeded daily upload videos limit");
    assertNothingLeftBehind();
  }

  @Test
  void theDailyBytesAreEnforcedAndReported() throws Exception {
    String did = "did:plc:quotabytes00000000000000";
    assertThat(upload(did, HttpRequest.BodyPublishers.ofByteArray(randomBytes(1_500_000, 3))).statusCode()).isEqualTo(200);
    HttpResponse<String> second = upload(did, HttpRequest.BodyPublishers.ofByteArray(randomBytes(1_500_000, 4)));
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(json(second).path("message").asText()).isEqualTo("User has exceeded daily upload bytes limit");
    JsonNode limits = limits(did);
    assertThat(limits.path("canUpload").asBoolean()).isTrue();
    assertThat(limits.path("remainingDailyVideos").asLong()).isEqualTo(2);
    assertThat(limits.path("remainingDailyBytes").asLong()).isEqualTo(1_000_000);
  }

  @Test
  void deniedAccountsAreToldSo() throws Exception {
    String did = "did:plc:denied0000000000000000";
    HttpResponse<String> response = upload(did, HttpRequest.BodyPublishers.ofByteArray(randomBytes(1000, 5)));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(json(response).path("error").asText()).isEqualTo("UploadForbidden");
    assertThat(json(response).path("message").asText()).isEqualTo("User is not allowed to upload videos");
    JsonNode limits = limits(did);
    assertThat(limits.path("canUpload").asBoolean()).isFalse();
    assertThat(limits.path("message").asText()).isEqualTo("User is not allowed to upload videos");
  }

  @Test
  void theGlobalSwitchStopsEveryUpload(@TempDir Path data) throws Exception {
    try (TestServer off = TestServer.start(data, Map.of("STRATUS_UPLOADS_DISABLED", "1"))) {
      String did = "did:plc:anyone00000000000000000";
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(off.baseUrl() + Nsid.path(Nsid.UPLOAD_VIDEO) + "?did=" + did))
              .header("Authorization", "Bearer " + TestServer.devToken(did, Nsid.REPO_UPLOAD_BLOB))
              .header("Content-Type", "video/mp4")
              .expectContinue(true)
              .POST(HttpRequest.BodyPublishers.ofByteArray(randomBytes(1000, 6)))
              .build();
      HttpResponse<String> response = http().send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(json(response).path("message").asText()).isEqualTo("Uploading is disabled at the moment");
    }
  }

  @Test
  void theSameVideoTwiceIsProcessedOnce() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).noAudio(dir.resolve("dedupe.mp4"), 1);
    String did = "did:plc:dedupe00000000000000000";
    byte[] bytes = Files.readAllBytes(clip);

    // A node without workers holds the job unprocessed for as long as the test needs.
    try (TestServer idle = TestServer.start(dir.resolve("idle"), Map.of("STRATUS_WORKERS", "0"))) {
      JsonNode waiting = json(upload(idle, did, HttpRequest.BodyPublishers.ofByteArray(bytes)));
      assertThat(waiting.path("state").asText()).isEqualTo("JOB_STATE_CREATED");
      HttpResponse<String> whileWaiting = upload(idle, did, HttpRequest.BodyPublishers.ofByteArray(bytes));
      assertThat(whileWaiting.statusCode()).isEqualTo(200);
      assertThat(json(whileWaiting).path("jobId").asText()).isEqualTo(waiting.path("jobId").asText());
      assertThat(idle.services.jobs().usage(did, Instant.EPOCH).videos()).isEqualTo(1);
    }

    JsonNode first = json(upload(did, HttpRequest.BodyPublishers.ofByteArray(bytes)));
    server.drain();
    HttpResponse<String> again = upload(did, HttpRequest.BodyPublishers.ofByteArray(bytes));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again))
        .isEqualTo(LexJson.read("{\"did\":\"" + did + "\",\"jobId\":\"" + first.path("jobId").asText()
            + "\",\"state\":\"JOB_STATE_COMPLETED\",\"error\":\"already_exists\",\"message\":\"Video already processed\"}", JsonNode.class));
    JobStatus earlier = server.client.getJobStatus(first.path("jobId").asText());
    assertThat(earlier.state()).isEqualTo(JobState.COMPLETED);
    assertThat(earlier.blob()).isNotNull();
    assertThat(server.services.jobs().usage(did, Instant.EPOCH).videos()).isEqualTo(1);
    assertNothingLeftBehind();
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/uploads"))).isEmpty();
  }

  @Test
  void anEncodedVideoOverTheBlobLimitFailsValidation(@TempDir Path data) throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).noAudio(data.resolve("clip.mp4"), 1);
    try (TestServer small = TestServer.start(data.resolve("data"), Map.of("STRATUS_MAX_ENCODED_BYTES", "1000"))) {
      String did = "did:plc:encodedtoolarge000000000";
      JobStatus created = small.client(TestServer.devToken(did, Nsid.REPO_UPLOAD_BLOB)).uploadVideo(did, clip, "video/mp4");
      small.drain();
      JobStatus done = small.client.getJobStatus(created.jobId());
      assertThat(done.state()).isEqualTo(JobState.FAILED);
      assertThat(done.failureCode()).isEqualTo(FailureCode.VALIDATION_FAILURE);
      assertThat(done.error()).isEqualTo("encoded_video_too_large");
      assertThat(UploadAndPlaybackIT.listFiles(data.resolve("data/work"))).isEmpty();
    }
  }
}
