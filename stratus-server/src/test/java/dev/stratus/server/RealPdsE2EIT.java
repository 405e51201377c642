package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.client.XrpcException;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.e2e.Account;
import dev.stratus.testkit.e2e.AtprotoNetwork;
import dev.stratus.testkit.media.MediaFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stratus in production mode against the real atproto PDS and PLC from npm: a token minted by the
 * PDS exactly as the Bluesky app mints it, a video delivered to that PDS, a post that embeds it,
 * and the blob read back byte for byte.
 */
class RealPdsE2EIT {
  private static final int PART = 5 * 1024 * 1024;
  @TempDir static Path dir;
  static AtprotoNetwork network;
  static MutableClock clock;
  static TestServer server;
  static Path clip;

  @BeforeAll
  static void start() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).landscape1080p(dir.resolve("clip.mp4"), 2);
    network = AtprotoNetwork.start(AtprotoNetwork.defaultE2eDir());
    clock = new MutableClock(Instant.now());
    server = TestServer.start(dir.resolve("data"), production(network), clock);
  }

  private static Map<String, String> production(AtprotoNetwork network) {
    return Map.of("STRATUS_DEV", "0", "STRATUS_PLC_URL", network.plcUrl().toString(), "STRATUS_PDS_RETRY_DELAY_MILLIS", "10",
        "STRATUS_UPLOAD_PART_BYTES", Integer.toString(PART));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (network != null) {
      network.close();
    }
  }

  /** The token the Bluesky app asks its PDS for: aud = the PDS's DID, uploadBlob, 30 minutes. */
  private static String uploadBlobToken(AtprotoNetwork on, Account account) throws Exception {
    long exp = Instant.now().plus(Duration.ofMinutes(30)).getEpochSecond();
    return on.serviceAuth(account, on.pdsDid(), Nsid.REPO_UPLOAD_BLOB, exp);
  }

  @Test
  void aVideoTravelsFromUploadToAPostOnTheUsersPds() throws Exception {
    Account alice = network.createAccount("alice");
    JobStatus created = server.client(uploadBlobToken(network, alice)).uploadVideo(alice.did(), clip, "video/mp4");
    server.drain();
    JobStatus done = server.client.getJobStatus(created.jobId());
    assertThat(done.state()).as(done.toString()).isEqualTo(JobState.COMPLETED);
    assertThat(done.blob().mimeType()).isEqualTo("video/mp4");

    JsonNode blob = LexJson.mapper().valueToTree(done.blob());
    String post = network.createVideoPost(alice, blob, "a video through Stratus");
    assertThat(post).startsWith("at://" + alice.did() + "/app.bsky.feed.post/");

    byte[] fromPds = network.getBlob(alice, done.blob().cid());
    Path ours = server.dataDir.resolve("blobs/media/" + alice.did() + "/" + done.blob().cid() + "/video.mp4");
    assertThat(fromPds).isEqualTo(Files.readAllBytes(ours));
    assertThat(server.services.jobs().find(done.jobId()).orElseThrow().handoff()).isNull();
  }

  @Test
  void aVideoUploadedInPartsReachesThePds() throws Exception {
    Account dana = network.createAccount("dana");
    // Three parts, as the Bluesky app sends them, of a real MP4 padded with a trailing free box.
    Path padded = MultipartUploadIT.padWithFreeBox(clip, dir.resolve("padded.mp4"), 2L * PART + 4321);
    JobStatus created = server.client(uploadBlobToken(network, dana)).uploadInParts(padded, "video/mp4");
    assertThat(created.did()).isEqualTo(dana.did());
    server.drain();
    JobStatus done = server.client.getJobStatus(created.jobId());
    assertThat(done.state()).as(done.toString()).isEqualTo(JobState.COMPLETED);

    String post = network.createVideoPost(dana, LexJson.mapper().valueToTree(done.blob()), "a video sent in parts");
    assertThat(post).startsWith("at://" + dana.did() + "/app.bsky.feed.post/");
    byte[] fromPds = network.getBlob(dana, done.blob().cid());
    Path ours = server.dataDir.resolve("blobs/media/" + dana.did() + "/" + done.blob().cid() + "/video.mp4");
    assertThat(fromPds).isEqualTo(Files.readAllBytes(ours));
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/parts"))).isEmpty();
  }

  @Test
  void aSixtySecondTokenStillDeliversAThirtySecond1080pVideo(@TempDir Path data) throws Exception {
    // kbsky asks for its token without exp, so the PDS gives it 60 s: the full encode of 30 s of
    // 1080p takes longer than that here, so the blob goes first and the ladder follows.
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path thirty = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).landscape1080p(data.resolve("thirty.mp4"), 30);
    Account erin = network.createAccount("erin");
    try (TestServer stratus = TestServer.start(data.resolve("stratus"), production(network))) {
      String token = network.serviceAuth(erin, network.pdsDid(), Nsid.REPO_UPLOAD_BLOB);
      long started = System.nanoTime();
      long lifetime = dev.stratus.atproto.UnverifiedJwt.decode(token).exp() - Instant.now().getEpochSecond();
      assertThat(lifetime).isBetween(50L, 60L);

      JobStatus created = stratus.client(token).uploadVideo(erin.did(), thirty, "video/mp4");
      stratus.drain();
      JobStatus done = stratus.client.getJobStatus(created.jobId());
      double seconds = (System.nanoTime() - started) / 1e9;

      assertThat(done.state()).as(done.toString()).isEqualTo(JobState.COMPLETED);
      network.createVideoPost(erin, LexJson.mapper().valueToTree(done.blob()), "thirty seconds, sixty-second token");
      byte[] fromPds = network.getBlob(erin, done.blob().cid());
      Path ours = stratus.dataDir.resolve("blobs/media/" + erin.did() + "/" + done.blob().cid() + "/video.mp4");
      assertThat(fromPds).isEqualTo(Files.readAllBytes(ours));
      assertThat(stratus.dataDir.resolve("blobs/media/" + erin.did() + "/" + done.blob().cid() + "/playlist.m3u8")).isNotEmptyFile();
      System.out.printf("60 s token, 30 s 1080p: token lifetime %d s, upload to COMPLETED %.1f s%n", lifetime, seconds);
    }
  }

  @Test
  void tokensForAnotherPdsExpiredOrTamperedAreRefused() throws Exception {
    Account bob = network.createAccount("bob");
    long exp = Instant.now().plus(Duration.ofMinutes(30)).getEpochSecond();
    String otherPds = network.serviceAuth(bob, "did:web:other-pds.example", Nsid.REPO_UPLOAD_BLOB, exp);
    assertRefused(otherPds, bob, "BadJwtAudience");

    String good = uploadBlobToken(network, bob);
    String[] parts = good.split("\\.");
    char last = parts[2].charAt(5);
    String tampered = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 5) + (last == 'A' ? 'B' : 'A') + parts[2].substring(6);
    assertRefused(tampered, bob, "BadJwtSignature");

    // A token the PDS mints with 10 s left: too short to deliver anything, refused at the door.
    clock.set(Instant.now());
    String brief = network.serviceAuth(bob, network.pdsDid(), Nsid.REPO_UPLOAD_BLOB, Instant.now().plusSeconds(10).getEpochSecond());
    assertRefused(brief, bob, "JwtExpired");

    Instant now = clock.instant();
    clock.advance(Duration.ofMinutes(31));
    try {
      assertRefused(good, bob, "JwtExpired");
    } finally {
      clock.set(now);
    }
  }

  private static void assertRefused(String token, Account account, String error) {
    assertThatThrownBy(() -> server.client(token).uploadVideo(account.did(), clip, "video/mp4"))
        .isInstanceOfSatisfying(XrpcException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.error()).isEqualTo(error);
        });
  }

  @Test
  void aPdsThatRefusesTheSizeEndsTheJobWithUnsupportedBlobSize(@TempDir Path data) throws Exception {
    try (AtprotoNetwork small = AtprotoNetwork.startWithBlobLimit(AtprotoNetwork.defaultE2eDir(), 10_000);
        TestServer stratus = TestServer.start(data, production(small))) {
      Account carol = small.createAccount("carol");
      JobStatus created = stratus.client(uploadBlobToken(small, carol)).uploadVideo(carol.did(), clip, "video/mp4");
      stratus.drain();
      JobStatus done = stratus.client.getJobStatus(created.jobId());
      assertThat(done.state()).isEqualTo(JobState.FAILED);
      assertThat(done.failureCode()).isEqualTo(FailureCode.PDS_UPLOAD_UNSUPPORTED_BLOB_SIZE);
      assertThat(done.message()).contains("PayloadTooLarge");
    }
  }
}
