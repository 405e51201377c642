package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.atproto.Cid;
import dev.stratus.core.pds.PdsFit;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.e2e.Account;
import dev.stratus.testkit.e2e.AtprotoNetwork;
import dev.stratus.testkit.media.MediaFixtures;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Videos for PDSes whose blob limit is below what the video would be, against the real PDS from
 * {@code e2e/} started with small limits: the job completes with a blob that fits (and says so), the
 * next video for the same PDS fits from the start, and a limit no watchable video meets fails
 * with a message that says what the video would need.
 */
class PdsBlobLimitIT {
  private static final double SECONDS = 30;
  @TempDir static Path dir;
  static Path noisy;
  static Path noisyAgain;
  static Ffprobe ffprobe;

  @BeforeAll
  static void clips() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    ffprobe = new Ffprobe(ffmpeg);
    MediaFixtures fixtures = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env());
    noisy = fixtures.noisy720p(dir.resolve("noisy.mp4"), SECONDS);
    noisyAgain = fixtures.noisy720p(dir.resolve("noisy-again.mp4"), SECONDS - 1);
  }

  private static Map<String, String> production(AtprotoNetwork network) {
    return Map.of("STRATUS_DEV", "0", "STRATUS_PLC_URL", network.plcUrl().toString(),
        "STRATUS_PDS_RETRY_DELAY_MILLIS", "10");
  }

  private static JobStatus uploadAndDrain(TestServer stratus, AtprotoNetwork network, Account account, Path video)
      throws Exception {
    long exp = Instant.now().plus(Duration.ofMinutes(30)).getEpochSecond();
    String token = network.serviceAuth(account, network.pdsDid(), Nsid.REPO_UPLOAD_BLOB, exp);
    JobStatus created = stratus.client(token).uploadVideo(account.did(), video, "video/mp4");
    stratus.drain();
    return stratus.client.getJobStatus(created.jobId());
  }

  @Test
  void aFiveMegabytePdsGetsAVideoThatFitsAndTheNextOneFitsFromTheStart() throws Exception {
    long limit = 5L * 1024 * 1024;
    assertThat(Files.size(noisy)).isGreaterThan(2 * limit);
    try (AtprotoNetwork small = AtprotoNetwork.startWithBlobLimit(AtprotoNetwork.defaultE2eDir(), limit);
        TestServer stratus = TestServer.start(dir.resolve("five"), production(small));
        LogWatch refusals = new LogWatch(PdsFit.class, "refused")) {
      Account erin = small.createAccount("erin");
      JobStatus done = uploadAndDrain(stratus, small, erin, noisy);
      assertThat(done.state()).as(done.toString()).isEqualTo(JobState.COMPLETED);
      assertThat(done.message()).startsWith("Your PDS accepts videos up to 5.2 MB; this one was re-encoded to");
      assertThat(done.blob().size()).isLessThan(limit);
      assertThat(refusals.matching()).hasSize(1);

      // A post may embed the blob, the PDS holds exactly it, and playback serves it under its CID.
      JsonNode blob = LexJson.mapper().valueToTree(done.blob());
      assertThat(small.createVideoPost(erin, blob, "it fits")).startsWith("at://" + erin.did() + "/");
      byte[] fromPds = small.getBlob(erin, done.blob().cid());
      assertThat(fromPds).hasSize((int) done.blob().size());
      assertThat(Cid.of(fromPds)).isEqualTo(done.blob().cid());
      String base = stratus.baseUrl() + "/watch/" + URLEncoder.encode(erin.did(), StandardCharsets.UTF_8) + "/"
          + done.blob().cid();
      JsonNode master = ffprobe.probe(base + "/playlist.m3u8");
      assertThat(Ffprobe.streams(master, "video")).isNotEmpty();
      assertThat(master.at("/format/duration").asDouble()).isCloseTo(SECONDS, org.assertj.core.data.Offset.offset(0.5));

      // The next video for this PDS is encoded to fit at once: no refusal, one encode.
      JobStatus next = uploadAndDrain(stratus, small, erin, noisyAgain);
      assertThat(next.state()).as(next.toString()).isEqualTo(JobState.COMPLETED);
      assertThat(next.message()).startsWith("Your PDS accepts videos up to 5.2 MB; this one was encoded to").endsWith("to fit");
      assertThat(next.blob().size()).isLessThan(limit);
      assertThat(refusals.matching()).hasSize(1);
    }
  }

  @Test
  void aTwoMegabytePdsGetsASmallerPictureAfterTwoTries() throws Exception {
    long limit = 2L * 1024 * 1024;
    try (AtprotoNetwork small = AtprotoNetwork.startWithBlobLimit(AtprotoNetwork.defaultE2eDir(), limit);
        TestServer stratus = TestServer.start(dir.resolve("two"), production(small));
        LogWatch refusals = new LogWatch(PdsFit.class, "refused")) {
      Account fay = small.createAccount("fay");
      JobStatus done = uploadAndDrain(stratus, small, fay, noisy);
      assertThat(done.state()).as(done.toString()).isEqualTo(JobState.COMPLETED);
      assertThat(done.message()).contains("this one was re-encoded to");
      assertThat(done.blob().size()).isLessThan(limit);
      assertThat(refusals.matching()).hasSize(2);
      small.createVideoPost(fay, LexJson.mapper().valueToTree(done.blob()), "smaller");
      Path delivered = Files.write(dir.resolve("delivered.mp4"), small.getBlob(fay, done.blob().cid()));
      JsonNode video = Ffprobe.streams(ffprobe.probe(delivered.toString()), "video").get(0);
      assertThat(video.path("codec_name").asText()).isEqualTo("h264");
      assertThat(video.path("height").asInt()).isLessThan(720);
    }
  }

  @Test
  void aLimitNoWatchableVideoMeetsFailsSayingWhatTheVideoWouldNeed() throws Exception {
    try (AtprotoNetwork tiny = AtprotoNetwork.startWithBlobLimit(AtprotoNetwork.defaultE2eDir(), 50_000);
        TestServer stratus = TestServer.start(dir.resolve("tiny"), production(tiny))) {
      Account gus = tiny.createAccount("gus");
      JobStatus done = uploadAndDrain(stratus, tiny, gus, noisy);
      assertThat(done.state()).isEqualTo(JobState.FAILED);
      assertThat(done.failureCode()).isEqualTo(FailureCode.PDS_UPLOAD_UNSUPPORTED_BLOB_SIZE);
      assertThat(done.message()).contains("PayloadTooLarge").contains("a watchable 30 s video needs at least");
    }
  }
}
