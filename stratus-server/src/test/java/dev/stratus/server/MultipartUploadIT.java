package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.client.TokenProvider;
import dev.stratus.client.VideoClient;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.http.FlakyProxy;
import dev.stratus.testkit.http.FlakyProxy.Fault;
import dev.stratus.testkit.media.MediaFixtures;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The multipart API over real HTTP, as the Bluesky app uses it, through a network that fails. */
@Timeout(300)
class MultipartUploadIT {
  static final int PART = 5 * 1024 * 1024;
  private static final Map<String, String> ENV =
      Map.of("STRATUS_UPLOAD_PART_BYTES", Integer.toString(PART), "STRATUS_DAILY_VIDEOS", "10", "STRATUS_MAX_OPEN_UPLOADS", "3",
          "STRATUS_DENIED_DIDS", "did:plc:denied0000000000000000");

  @TempDir static Path dir;
  static TestServer server;
  static Path video;
  static Ffprobe ffprobe;

  @BeforeAll
  static void start() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    ffprobe = new Ffprobe(ffmpeg);
    Path clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).landscape1080p(dir.resolve("clip.mp4"), 2);
    // A real, playable MP4 made long enough for three parts by a trailing "free" box.
    video = padWithFreeBox(clip, dir.resolve("video.mp4"), 2L * PART + 100_000);
    server = TestServer.start(dir.resolve("data"), ENV);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Path padWithFreeBox(Path mp4, Path out, long size) throws Exception {
    long padding = size - Files.size(mp4);
    Files.copy(mp4, out);
    try (OutputStream stream = Files.newOutputStream(out, StandardOpenOption.APPEND)) {
      stream.write(ByteBuffer.allocate(8).putInt((int) padding).put("free".getBytes(StandardCharsets.US_ASCII)).array());
      byte[] zeros = new byte[(int) padding - 8];
      stream.write(zeros);
    }
    return out;
  }

  private static String token(String did) {
    return TestServer.devToken(did, Nsid.REPO_UPLOAD_BLOB);
  }

  record Answer(int status, JsonNode body) {
    String error() {
      return body.path("error").asText();
    }
  }

  static Answer call(String base, String method, String query, String token, String type, byte[] body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + Nsid.path(method) + (query == null ? "" : "?" + query)))
            .header("Authorization", "Bearer " + token);
    if (body == null) {
      request.GET();
    } else {
      request.header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), LexJson.read(response.body().isEmpty() ? "{}" : response.body(), JsonNode.class));
    }
  }

  static Answer json(String base, String method, String did, String json) throws Exception {
    return call(base, method, null, token(did), "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  static Answer part(String base, String did, String id, int number, byte[] bytes) throws Exception {
    return call(base, Nsid.UPLOAD_PART, "jobId=" + id + "&partNumber=" + number, token(did), "application/octet-stream", bytes);
  }

  static Answer start(String base, String did, long size) throws Exception {
    return json(base, Nsid.START_UPLOAD, did, "{\"sizeBytes\":" + size + ",\"mimeType\":\"video/mp4\",\"name\":\"a.mp4\"}");
  }

  static byte[] slice(byte[] bytes, int number) {
    return Arrays.copyOfRange(bytes, (number - 1) * PART, Math.min(bytes.length, number * PART));
  }

  @Test
  void anAppLikeClientUploadsThroughAFlakyNetworkAndTheVideoPlays() throws Exception {
    String did = "did:plc:flakynetwork000000000000";
    Set<String> faulted = new HashSet<>();
    // Each part's first try fails differently: a busy service, an answer lost after the part was
    // stored, and a success the service never saw (so the finish finds part 1 missing).
    try (FlakyProxy proxy =
        FlakyProxy.start(server.baseUrl(), request -> {
          if (!request.path().endsWith(Nsid.UPLOAD_PART)) {
            return Fault.NONE;
          }
          String number = request.param("partNumber");
          if (!faulted.add(number)) {
            return Fault.NONE;
          }
          return switch (number) {
            case "1" -> Fault.FAKE_SUCCESS;
            case "2" -> Fault.OVERLOADED;
            default -> Fault.LOSE_ANSWER;
          };
        })) {
      VideoClient client = VideoClient.builder().serviceUrl(proxy.url()).tokens(TokenProvider.fixed(token(did))).retryBase(Duration.ofMillis(10)).build();

      JobStatus created = client.uploadInParts(video, "video/mp4");

      List<String> calls = proxy.seen().stream().map(s -> s.path().substring("/xrpc/".length()) + " " + s.status()).toList();
      assertThat(calls).as("calls").containsSubsequence(
          Nsid.START_UPLOAD + " 200", Nsid.FINISH_UPLOAD + " 400", Nsid.GET_UPLOAD_STATUS + " 200",
          Nsid.UPLOAD_PART + " 200", Nsid.FINISH_UPLOAD + " 200");
      assertThat(calls.stream().filter(c -> c.startsWith(Nsid.UPLOAD_PART)).count()).isEqualTo(6);
      assertThat(created.did()).isEqualTo(did);
      server.drain();
      JobStatus done = server.client.getJobStatus(created.jobId());
      assertThat(done.state()).as(done.toString()).isEqualTo(JobState.COMPLETED);
      String master = server.baseUrl() + "/watch/" + URLEncoder.encode(did, StandardCharsets.UTF_8) + "/"
          + done.blob().cid() + "/playlist.m3u8";
      JsonNode probe = ffprobe.probe(master);
      assertThat(Ffprobe.streams(probe, "video")).isNotEmpty();
      Answer status = call(server.baseUrl(), Nsid.GET_UPLOAD_STATUS, "jobId=" + created.jobId(), token(did), null, null);
      assertThat(status.body().path("state").asText()).isEqualTo("completed");
      assertThat(status.body().path("receivedParts").toString()).isEqualTo("[1,2,3]");
      assertThat(status.body().at("/jobStatus/state").asText()).isEqualTo("JOB_STATE_COMPLETED");
      assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/parts"))).isEmpty();
      assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/.staging"))).isEmpty();
      assertThat(server.services.jobs().usage(did, Instant.EPOCH).videos()).isEqualTo(1);
    }
  }

  @Test
  void refusalsUseTheLexiconNamesAndStatuses() throws Exception {
    String base = server.baseUrl();
    String did = "did:plc:refusals00000000000000000";
    assertThat(json(base, Nsid.START_UPLOAD, did, "{\"sizeBytes\":10,\"mimeType\":\"image/png\"}").error())
        .isEqualTo("UnsupportedContentType");
    Answer tooLarge = start(base, did, 300_000_001);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.error()).isEqualTo("VideoTooLarge");
    assertThat(tooLarge.body().path("message").asText())
        .isEqualTo("file size (300000001 bytes) is larger than the maximum allowed size (300000000 bytes)");
    assertThat(json(base, Nsid.START_UPLOAD, did, "{\"sizeBytes\":10,\"mimeType\":\"video/mp4\",\"durationMs\":600001}").error())
        .isEqualTo("VideoTooLong");
    assertThat(json(base, Nsid.START_UPLOAD, did, "{\"sizeBytes\":10,\"mimeType\":\"video/mp4\",\"width\":100,\"height\":500}").error())
        .isEqualTo("BadAspectRatio");
    Answer denied = start(base, "did:plc:denied0000000000000000", 10);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.error()).isEqualTo("UploadForbidden");
    assertThat(denied.body().path("message").asText()).isEqualTo("User is not allowed to upload videos");
    assertThat(json(base, Nsid.START_UPLOAD, did, "{\"mimeType\":\"video/mp4\"}").error()).isEqualTo("InvalidRequest");
    assertThat(json(base, Nsid.START_UPLOAD, did, "not json").status()).isEqualTo(400);

    Answer started = start(base, did, 2L * PART + 10);
    assertThat(started.status()).isEqualTo(200);
    String id = started.body().path("jobId").asText();
    assertThat(started.body().path("partCount").asInt()).isEqualTo(3);
    assertThat(started.body().path("partSizeBytes").asLong()).isEqualTo(PART);
    assertThat(Instant.parse(started.body().path("expiresAt").asText())).isAfter(Instant.now().plusSeconds(3500));

    assertThat(part(base, did, id, 4, new byte[10]).error()).isEqualTo("InvalidPartNumber");
    assertThat(part(base, did, id, 0, new byte[10]).status()).isEqualTo(400);
    Answer mismatch = part(base, did, id, 3, new byte[11]);
    assertThat(mismatch.status()).isEqualTo(400);
    assertThat(mismatch.error()).isEqualTo("PartSizeMismatch");
    assertThat(part(base, did, "aaaaaaaaaaaaaaaaaaaa", 1, new byte[10]).status()).isEqualTo(404);
    assertThat(part(base, did, "aaaaaaaaaaaaaaaaaaaa", 1, new byte[10]).error()).isEqualTo("UploadNotFound");
    assertThat(part(base, did, "../../etc/passwd", 1, new byte[10]).error()).isEqualTo("InvalidRequest");
    assertThat(part(base, "did:plc:someoneelse0000000000000", id, 3, new byte[10]).error()).isEqualTo("UploadNotFound");
    assertThat(part(base, did, id, 3, new byte[10]).status()).isEqualTo(200);

    Answer missing = json(base, Nsid.FINISH_UPLOAD, did, "{\"jobId\":\"" + id + "\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.error()).isEqualTo("MissingParts");
    assertThat(missing.body().path("message").asText()).isEqualTo("parts not received yet: 1, 2");

    // Open uploads are limited per account (3 here), and they count against the daily quota.
    assertThat(start(base, did, 10).status()).isEqualTo(200);
    assertThat(start(base, did, 10).status()).isEqualTo(200);
    Answer tooMany = start(base, did, 10);
    assertThat(tooMany.status()).isEqualTo(429);
    assertThat(tooMany.error()).isEqualTo("TooManyOpenUploads");

    Answer aborted = json(base, Nsid.ABORT_UPLOAD, did, "{\"jobId\":\"" + id + "\"}");
    assertThat(aborted.body().toString()).isEqualTo("{\"state\":\"aborted\"}");
    assertThat(part(base, did, id, 1, new byte[PART]).error()).isEqualTo("UploadAborted");
    assertThat(json(base, Nsid.FINISH_UPLOAD, did, "{\"jobId\":\"" + id + "\"}").error()).isEqualTo("UploadAborted");
    assertThat(json(base, Nsid.ABORT_UPLOAD, did, "{\"jobId\":\"" + id + "\"}").body().path("state").asText())
        .isEqualTo("aborted");
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/parts/" + id))).isEmpty();
    Answer limits = call(base, Nsid.GET_UPLOAD_LIMITS, null, TestServer.devToken(did, Nsid.GET_UPLOAD_LIMITS), null, null);
    assertThat(limits.body().path("remainingDailyVideos").asInt()).isEqualTo(8);
  }

  @Test
  void aPartBodyThatRunsPastItsSizeIsCutOffAndLeavesNothing() throws Exception {
    String did = "did:plc:runaway000000000000000000";
    String id = start(server.baseUrl(), did, 1000).body().path("jobId").asText();
    byte[] tooMuch = new byte[3 * PART];
    // No Content-Length (chunked): only the body itself can tell, and it is cut off.
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + Nsid.path(Nsid.UPLOAD_PART) + "?jobId=" + id + "&partNumber=1"))
            .header("Authorization", "Bearer " + token(did))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooMuch)))
            .build();
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(LexJson.read(response.body(), JsonNode.class).path("error").asText()).isEqualTo("PartSizeMismatch");
    }
    Answer status = call(server.baseUrl(), Nsid.GET_UPLOAD_STATUS, "jobId=" + id, token(did), null, null);
    assertThat(status.body().path("receivedParts").size()).isZero();
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/parts/" + id))).isEmpty();
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/.staging"))).isEmpty();
  }

  @Test
  void anUploadGoesOnAfterTheServerRestarts(@TempDir Path data) throws Exception {
    String did = "did:plc:restart0000000000000000000";
    byte[] bytes = Files.readAllBytes(video);
    byte[] altered = bytes.clone();
    // Different bytes from the other tests' upload, still a playable MP4 (the change is padding).
    altered[altered.length - 1] = 1;
    String id;
    try (TestServer first = TestServer.start(data, ENV)) {
      id = start(first.baseUrl(), did, altered.length).body().path("jobId").asText();
      assertThat(part(first.baseUrl(), did, id, 1, slice(altered, 1)).status()).isEqualTo(200);
      assertThat(part(first.baseUrl(), did, id, 3, slice(altered, 3)).status()).isEqualTo(200);
    }
    try (TestServer second = TestServer.start(data, ENV)) {
      Answer status = call(second.baseUrl(), Nsid.GET_UPLOAD_STATUS, "jobId=" + id, token(did), null, null);
      assertThat(status.body().path("state").asText()).isEqualTo("created");
      assertThat(status.body().path("receivedParts").toString()).isEqualTo("[1,3]");
      assertThat(part(second.baseUrl(), did, id, 2, slice(altered, 2)).status()).isEqualTo(200);
      Answer finished = json(second.baseUrl(), Nsid.FINISH_UPLOAD, did, "{\"jobId\":\"" + id + "\"}");
      assertThat(finished.status()).isEqualTo(200);
      assertThat(finished.body().path("completedJobId").asText()).isEqualTo(id);
      assertThat(finished.body().at("/jobStatus/jobId").asText()).isEqualTo(id);
      second.drain();
      assertThat(second.client.getJobStatus(id).state()).isEqualTo(JobState.COMPLETED);
    }
  }

  @Test
  void aDrainingServerAsksClientsToRetryElsewhere(@TempDir Path data) throws Exception {
    String did = "did:plc:draining00000000000000000";
    try (TestServer draining = TestServer.start(data, ENV)) {
      String id = start(draining.baseUrl(), did, 10).body().path("jobId").asText();
      draining.services.startDraining();
      Answer refused = start(draining.baseUrl(), did, 10);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.error()).isEqualTo("ServiceOverloaded");
      assertThat(part(draining.baseUrl(), did, id, 1, new byte[10]).error()).isEqualTo("ServiceOverloaded");
      assertThat(json(draining.baseUrl(), Nsid.FINISH_UPLOAD, did, "{\"jobId\":\"" + id + "\"}").status()).isEqualTo(503);
    }
  }
}
