package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.atproto.Cid;
import dev.stratus.client.XrpcException;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.atproto.TestKeyPair;
import dev.stratus.testkit.atproto.TestKeys;
import dev.stratus.testkit.media.MediaFixtures;
import dev.stratus.testkit.pds.FakePds;
import dev.stratus.testkit.pds.FakePlc;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production mode against recording fakes of the remote peers (a PLC directory and the user's
 * PDS): tokens are verified for real, and the encoded MP4 is handed to the PDS with the user's
 * token, unchanged.
 */
class PdsHandoffIT {
  private static final AtomicInteger USERS = new AtomicInteger();
  private static final String PDS_AUDIENCE = "did:web:127.0.0.1";

  @TempDir static Path dir;
  static FakePlc plc;
  static FakePds pds;
  static TestKeyPair key;
  static MutableClock clock;
  static TestServer server;
  static Path clip;

  @BeforeAll
  static void start() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).noAudio(dir.resolve("clip.mp4"), 2);
    plc = FakePlc.start();
    pds = FakePds.start();
    key = TestKeys.k256();
    clock = new MutableClock(Instant.now());
    server =
        TestServer.start(
            dir.resolve("data"),
            Map.of(
                "STRATUS_DEV", "0",
                "STRATUS_PLC_URL", plc.url(),
                "STRATUS_PUBLIC_URL", "https://video.example.com",
                "STRATUS_PDS_RETRY_DELAY_MILLIS", "1",
                "STRATUS_JWT_CLOCK_SKEW_SECONDS", "0"),
            clock);
  }

  @AfterAll
  static void stop() {
    server.close();
    pds.close();
    plc.close();
  }

  /** Each test uploads as a new account: the same clip from one account would be a duplicate. */
  private String did;

  @BeforeEach
  void newAccount() {
    pds.clear();
    did = String.format("did:plc:handoffuser%011d", USERS.incrementAndGet());
    plc.put(did, key.didDocumentJson(did, pds.url()));
  }

  private String uploadToken(Instant exp) {
    return key.jwt(clock.instant()).iss(did).aud(PDS_AUDIENCE).lxm(Nsid.REPO_UPLOAD_BLOB).exp(exp).sign();
  }

  private JobStatus uploadAndDrain(String token) throws Exception {
    JobStatus created = server.client(token).uploadVideo(did, clip, "video/mp4");
    server.drain();
    return server.client.getJobStatus(created.jobId());
  }

  @Test
  void theMp4GoesToTheUsersPdsWithTheUsersTokenUnchanged() throws Exception {
    String token = uploadToken(clock.instant().plus(Duration.ofMinutes(30)));
    JobStatus done = uploadAndDrain(token);

    assertThat(done.state()).as(done.toString()).isEqualTo(JobState.COMPLETED);
    assertThat(pds.uploads()).hasSize(1);
    FakePds.Upload upload = pds.uploads().get(0);
    assertThat(upload.authorization()).isEqualTo("Bearer " + token);
    assertThat(upload.contentType()).isEqualTo("video/mp4");
    assertThat(upload.contentLength()).isEqualTo(upload.body().length);
    assertThat(done.blob().cid()).isEqualTo(upload.cid()).isEqualTo(Cid.of(upload.body()));
    assertThat(done.blob().size()).isEqualTo(upload.body().length);
    assertThat(server.services.jobs().find(done.jobId()).orElseThrow().handoff()).isNull();

    String playlist = server.baseUrl() + "/watch/" + URLEncoder.encode(did, StandardCharsets.UTF_8) + "/" + done.blob().cid() + "/playlist.m3u8";
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(playlist)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("#EXT-X-STREAM-INF");
  }

  @Test
  void aMultipartUploadForwardsTheTokenGivenToTheFinish() throws Exception {
    // The Bluesky app refreshes its token once the parts are sent; the finish's token is the one
    // whose expiry matters for the handoff, so it is the one the PDS must get.
    String partsToken = uploadToken(clock.instant().plus(Duration.ofMinutes(30)));
    String finishToken = uploadToken(clock.instant().plus(Duration.ofMinutes(31)));
    byte[] bytes = Files.readAllBytes(clip);
    JsonNode plan =
        post(Nsid.START_UPLOAD, "", partsToken, "application/json",
            ("{\"sizeBytes\":" + bytes.length + ",\"mimeType\":\"video/mp4\"}").getBytes(StandardCharsets.UTF_8));
    String id = plan.path("jobId").asText();
    post(Nsid.UPLOAD_PART, "?jobId=" + id + "&partNumber=1", partsToken, "application/octet-stream", bytes);
    JsonNode finished =
        post(Nsid.FINISH_UPLOAD, "", finishToken, "application/json",
            ("{\"jobId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(finished.path("completedJobId").asText()).isEqualTo(id);
    server.drain();

    assertThat(server.client.getJobStatus(id).state()).isEqualTo(JobState.COMPLETED);
    assertThat(pds.uploads()).hasSize(1);
    assertThat(pds.uploads().get(0).authorization()).isEqualTo("Bearer " + finishToken);
  }

  private static JsonNode post(String nsid, String query, String token, String type, byte[] body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + Nsid.path(nsid) + query))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return LexJson.read(response.body(), JsonNode.class);
  }

  private static final String TOO_LARGE = "{\"error\":\"PayloadTooLarge\",\"message\":\"request entity too large\"}";

  @Test
  void aPdsThatRefusesTheSizeGetsASmallerBlobAtOnceAndTheMessageSaysSo() throws Exception {
    pds.thenAnswer(413, TOO_LARGE);
    JobStatus done = uploadAndDrain(uploadToken(clock.instant().plus(Duration.ofMinutes(30))));
    assertThat(done.state()).as(done.toString()).isEqualTo(JobState.COMPLETED);
    assertThat(pds.uploads()).hasSize(2);
    FakePds.Upload refused = pds.uploads().get(0);
    FakePds.Upload accepted = pds.uploads().get(1);
    assertThat(accepted.body().length).isLessThan(refused.body().length);
    assertThat(done.blob().cid()).isEqualTo(accepted.cid());
    assertThat(done.message()).startsWith("Your PDS accepts videos up to ").contains("this one was re-encoded to");
  }

  @Test
  void aPdsThatKeepsRefusingTheSizeEndsTheJobWithUnsupportedBlobSizeAfterTwoSmallerTries() throws Exception {
    pds.thenAnswer(413, TOO_LARGE).thenAnswer(413, TOO_LARGE).thenAnswer(413, TOO_LARGE);
    JobStatus done = uploadAndDrain(uploadToken(clock.instant().plus(Duration.ofMinutes(30))));
    assertThat(done.state()).isEqualTo(JobState.FAILED);
    assertThat(done.failureCode()).isEqualTo(FailureCode.PDS_UPLOAD_UNSUPPORTED_BLOB_SIZE);
    assertThat(done.message()).contains("PayloadTooLarge").contains("a watchable 2 s video needs at least");
    // Two smaller tries at most; fewer when an earlier test's refusals taught this server that no
    // watchable blob of this video fits, so it says so without trying.
    assertThat(pds.uploads()).hasSizeBetween(1, 3);
    assertThat(pds.uploads().getLast().body().length).isLessThan(pds.uploads().getFirst().body().length);
    assertThat(server.services.jobs().find(done.jobId()).orElseThrow().handoff()).isNull();
  }

  @Test
  void transientPdsErrorsAreRetried() throws Exception {
    pds.thenAnswer(502, "{\"error\":\"BadGateway\"}").thenAnswer(503, "{\"error\":\"Unavailable\"}");
    JobStatus done = uploadAndDrain(uploadToken(clock.instant().plus(Duration.ofMinutes(30))));
    assertThat(done.state()).as(done.toString()).isEqualTo(JobState.COMPLETED);
    assertThat(pds.uploads()).hasSize(3);
  }

  @Test
  void aPdsRefusalIsAFailureThatNamesThePdsError() throws Exception {
    pds.thenAnswer(400, "{\"error\":\"InvalidRequest\",\"message\":\"blob rejected\"}");
    JobStatus done = uploadAndDrain(uploadToken(clock.instant().plus(Duration.ofMinutes(30))));
    assertThat(done.failureCode()).isEqualTo(FailureCode.PDS_UPLOAD_FAILURE);
    assertThat(done.message()).contains("InvalidRequest").contains("blob rejected").doesNotContain("eyJ");
    assertThat(pds.uploads()).hasSize(1);
  }

  @Test
  void aPdsThatStoresAnotherTypeIsRefused() throws Exception {
    pds.thenAcceptAs("video/quicktime");
    JobStatus done = uploadAndDrain(uploadToken(clock.instant().plus(Duration.ofMinutes(30))));
    assertThat(done.failureCode()).isEqualTo(FailureCode.PDS_UPLOAD_FAILURE);
    assertThat(done.message()).contains("video/quicktime");
  }

  @Test
  void aTokenThatExpiresBeforeTheHandoffFailsTheJobClearly() throws Exception {
    JobStatus created = server.client(uploadToken(clock.instant().plusSeconds(20))).uploadVideo(did, clip, "video/mp4");
    // The encode takes seconds of real time; the service's clock jumps past the token's expiry first.
    clock.advance(Duration.ofMinutes(1));
    server.drain();
    JobStatus done = server.client.getJobStatus(created.jobId());
    assertThat(done.failureCode()).isEqualTo(FailureCode.PDS_UPLOAD_FAILURE);
    assertThat(done.error()).isEqualTo("token_expired");
    assertThat(done.message()).contains("expired");
    assertThat(pds.uploads()).isEmpty();
  }

  @Test
  void aTokenTooCloseToItsExpiryIsRefusedAtTheDoor() throws Exception {
    // The PDS allows no clock skew: a token with 10 s left cannot outlive the encode.
    assertThatThrownBy(() -> server.client(uploadToken(clock.instant().plusSeconds(10))).uploadVideo(did, clip, "video/mp4"))
        .isInstanceOfSatisfying(XrpcException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.error()).isEqualTo("JwtExpired");
          assertThat(e.getMessage()).contains("too soon to deliver the video");
        });
    assertThat(server.services.jobs().usage(did, Instant.EPOCH).videos()).isZero();
  }

  @Test
  void pdsRetriesGoOnWhileTheTokenLivesNotForAFixedCount() throws Exception {
    for (int i = 0; i < 7; i++) {
      pds.thenAnswer(503, "{\"error\":\"Unavailable\"}");
    }
    JobStatus done = uploadAndDrain(uploadToken(clock.instant().plus(Duration.ofMinutes(30))));
    assertThat(done.state()).as(done.toString()).isEqualTo(JobState.COMPLETED);
    assertThat(pds.uploads()).hasSize(8);
  }

  @Test
  void aTokenThatExpiresMidPipelineStopsTheJobThenAndCostsNoQuota() throws Exception {
    // The PDS is down for good; the token's expiry, not a count of tries, ends the job, at once.
    for (int i = 0; i < 1000; i++) {
      pds.thenAnswer(503, "{\"error\":\"Unavailable\"}");
    }
    Instant expires = clock.instant().plusSeconds(20);
    long started = System.nanoTime();
    JobStatus done = uploadAndDrain(uploadToken(expires));
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(done.state()).isEqualTo(JobState.FAILED);
    assertThat(done.failureCode()).isEqualTo(FailureCode.PDS_UPLOAD_FAILURE);
    assertThat(done.error()).isEqualTo("token_expired");
    assertThat(done.message()).contains("expired").doesNotContain("Exception");
    assertThat(seconds).as("ended near the token's expiry").isLessThan(40);
    assertThat(pds.uploads().size()).isGreaterThan(5);
    // Not the video's fault: the account's allowance is untouched.
    assertThat(server.services.jobs().usage(did, Instant.EPOCH).videos()).isZero();
  }

  @Test
  void aTokenTooShortForTheFullEncodeGetsTheBlobFirstThenTheLadder() throws Exception {
    // 30 s of video that already meets the blob's spec, and a token with 16 s left: no time for
    // the whole ladder first, so the blob is a stream copy, delivered at once, then HLS is built.
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path long30 = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).noAudio(dir.resolve("thirty.mp4"), 30);
    JobStatus created = server.client(uploadToken(clock.instant().plusSeconds(16))).uploadVideo(did, long30, "video/mp4");
    server.drain();
    JobStatus done = server.client.getJobStatus(created.jobId());

    assertThat(done.state()).as(done.toString()).isEqualTo(JobState.COMPLETED);
    assertThat(pds.uploads()).hasSize(1);
    Path delivered = dir.resolve("delivered.mp4");
    Files.write(delivered, pds.uploads().get(0).body());
    assertThat(videoMd5(ffmpeg, delivered)).as("a stream copy of the input").isEqualTo(videoMd5(ffmpeg, long30));
    String playlist = server.baseUrl() + "/watch/" + URLEncoder.encode(did, StandardCharsets.UTF_8) + "/" + done.blob().cid() + "/playlist.m3u8";
    HttpResponse<String> master =
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(playlist)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(master.statusCode()).isEqualTo(200);
    assertThat(master.body()).contains("#EXT-X-STREAM-INF");
  }

  private static String videoMd5(FfmpegBinaries ffmpeg, Path file) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(ffmpeg.ffmpeg().toString(), "-v", "error", "-i", file.toString(), "-map", "0:v:0", "-c", "copy",
            "-f", "md5", "-");
    builder.environment().putAll(ffmpeg.env());
    Process process = builder.redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes()).trim();
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }

  @Test
  void tokensAreVerified() throws Exception {
    Instant exp = clock.instant().plus(Duration.ofMinutes(30));
    assertRefused(key.jwt(clock.instant()).iss(did).aud("did:web:other-pds.example").lxm(Nsid.REPO_UPLOAD_BLOB).exp(exp).sign(), "BadJwtAudience");
    assertRefused(key.jwt(clock.instant()).iss(did).aud(PDS_AUDIENCE).lxm(Nsid.REPO_UPLOAD_BLOB).exp(clock.instant().minusSeconds(1)).sign(), "JwtExpired");
    assertRefused(key.jwt(clock.instant()).iss(did).aud(PDS_AUDIENCE).lxm(Nsid.REPO_UPLOAD_BLOB).exp(exp).tamperedPayload().sign(), "BadJwtSignature");
    assertRefused(TestKeys.k256().jwt(clock.instant()).iss(did).aud(PDS_AUDIENCE).lxm(Nsid.REPO_UPLOAD_BLOB).exp(exp).sign(), "BadJwtSignature");
    assertRefused(key.jwt(clock.instant()).iss(did).aud(PDS_AUDIENCE).lxm(Nsid.GET_JOB_STATUS).exp(exp).sign(), "BadJwtLexiconMethod");
    assertThat(pds.uploads()).isEmpty();
  }

  @Test
  void uploadLimitsTakeATokenForThisServiceOrTheLegacyUploadBlobToken() throws Exception {
    Instant exp = clock.instant().plus(Duration.ofMinutes(1));
    String forUs = key.jwt(clock.instant()).iss(did).aud("did:web:video.example.com#bsky_video").lxm(Nsid.GET_UPLOAD_LIMITS).exp(exp).sign();
    assertThat(server.client(forUs).getUploadLimits().canUpload()).isTrue();
    assertThat(server.client(uploadToken(exp)).getUploadLimits().canUpload()).isTrue();
    String forSomeoneElse = key.jwt(clock.instant()).iss(did).aud("did:web:video.bsky.app").lxm(Nsid.GET_UPLOAD_LIMITS).exp(exp).sign();
    try {
      server.client(forSomeoneElse).getUploadLimits();
      throw new AssertionError("accepted a token for another service");
    } catch (XrpcException e) {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.error()).isEqualTo("BadJwtAudience");
    }
  }

  @Test
  void theServiceDidDocumentNamesTheVideoService() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/.well-known/did.json")).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode doc = LexJson.read(response.body(), JsonNode.class);
    assertThat(doc.path("id").asText()).isEqualTo("did:web:video.example.com");
    assertThat(doc.at("/service/0/serviceEndpoint").asText()).isEqualTo("https://video.example.com");
    assertThat(doc.at("/service/0/id").asText()).isEqualTo("#bsky_video");
  }

  private void assertRefused(String token, String error) throws Exception {
    try {
      server.client(token).uploadVideo(did, clip, "video/mp4");
      throw new AssertionError("accepted a token that should fail with " + error);
    } catch (XrpcException e) {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.error()).isEqualTo(error);
    }
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/uploads"))).isEmpty();
    assertThat(Files.exists(server.dataDir)).isTrue();
  }
}
