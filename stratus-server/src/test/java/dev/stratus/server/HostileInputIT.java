package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.client.XrpcException;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.media.CountingListener;
import dev.stratus.testkit.media.HostileInputs;
import dev.stratus.testkit.media.MediaFixtures;
import dev.stratus.testkit.media.Mp4Boxes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input corpus through one real server: every input is uploaded, the workers drain,
 * and each ends exactly as its row in {@link #TABLE} says, while a good clip uploaded among them
 * comes out as usual. Nothing the inputs point at is fetched or read, and nothing is left behind.
 */
class HostileInputIT {
  private static final String DID = "did:plc:hostileinputs";
  private static final String MP4 = "video/mp4";
  private static final String WEBM = "video/webm";
  private static final String MOV = "video/quicktime";
  private static final String GIF = "image/gif";
  private static final String SECRET = "stratus-secret-5f1b7c2e";

  /** What the service must do with an input. */
  sealed interface Expected {
    String describe();
  }

  /** The upload itself is answered with an XRPC error; no job exists. */
  record Refused(int status, String error) implements Expected {
    @Override
    public String describe() {
      return "refused " + status + " " + error;
    }
  }

  /** The job fails validation with this {@code error}. */
  record Failed(String error) implements Expected {
    @Override
    public String describe() {
      return JobState.FAILED + " validation_failure " + error;
    }
  }

  /** The job completes with an MP4 blob: with stereo AAC or no audio, portrait or not, as flagged. */
  record Completed(boolean audio, boolean portrait) implements Expected {
    @Override
    public String describe() {
      return JobState.COMPLETED + " with blob";
    }
  }

  @FunctionalInterface
  interface Input {
    Path write(Path out) throws Exception;
  }

  record Case(String name, String fileName, String mimeType, Input input, Expected expected) {}

  // Set up in uploadTheCorpus(); declared first because the table's inputs read them.
  @TempDir static Path dir;
  static HostileInputs hostile;
  static MediaFixtures fixtures;
  static CountingListener listener;
  static Path secret;
  static Ffprobe ffprobe;
  static TestServer server;
  static List<Outcome> outcomes;

  private static final Expected INVALID = new Failed("invalid_video");
  private static final Expected STEREO = new Completed(true, false);

  static final List<Case> TABLE =
      List.of(
          new Case("empty body", "empty.mp4", MP4, out -> hostile.empty(out), new Refused(400, "InvalidRequest")),
          new Case("random bytes", "noise.mp4", MP4, out -> hostile.randomBytes(out), INVALID),
          new Case("text file", "notes.mp4", MP4, out -> hostile.text(out), INVALID),
          new Case("JPEG image", "photo.mp4", MP4, out -> hostile.jpeg(out), INVALID),
          new Case("truncated MP4", "truncated.mp4", MP4, out -> hostile.truncatedMp4(out), INVALID),
          new Case("HLS playlist disguised as MP4", "playlist.mp4", MP4,
              out -> hostile.hlsPlaylist(out, listener.uri("/x.ts"), secret), INVALID),
          new Case("audio only", "voice.m4a", MP4, out -> hostile.audioOnly(out), INVALID),
          new Case("1x1", "dot.mp4", MP4, out -> hostile.onePixel(out), new Failed("video_too_small")),
          new Case("20000x20000", "huge.mov", MOV, out -> hostile.declaredHuge(out), new Failed("video_too_large")),
          new Case("1:20 aspect ratio", "sliver.mp4", MP4, out -> hostile.sliver(out), new Failed("bad_aspect_ratio")),
          new Case("12 minutes", "long.mp4", MP4, out -> hostile.longVideo(out, 12), new Failed("video_too_long")),
          new Case("MP4 with index at end", "moov-at-end.mp4", MP4, out -> hostile.indexAtEnd(out), STEREO),
          new Case("VP9 + Opus in WebM", "browser.webm", WEBM, out -> hostile.vp9WebM(out), STEREO),
          new Case("10-bit HEVC in MOV", "iphone.mov", MOV, out -> hostile.hevc10BitMov(out), STEREO),
          new Case("variable frame rate", "vfr.mp4", MP4, out -> hostile.variableFrameRate(out), STEREO),
          new Case("rotated phone video", "portrait.mov", MOV,
              out -> fixtures.portraitRotated(out, 2), new Completed(true, true)),
          new Case("5.1 audio", "surround.mp4", MP4, out -> hostile.surround51(out), STEREO),
          new Case("animated GIF", "animation.gif", GIF, out -> hostile.animatedGif(out), new Completed(false, false)),
          new Case("good clip", "good.mp4", MP4, out -> fixtures.landscape1080p(out, 2), STEREO));

  /** What became of one row: the file sent, then either the refusal or the job's final status. */
  record Outcome(Case row, Path input, @Nullable XrpcException refusal, @Nullable JobStatus job) {
    String describe() {
      if (refusal != null) {
        return "refused " + refusal.status() + " " + refusal.error();
      }
      JobStatus status = job();
      if (status.state().equals(JobState.FAILED)) {
        return status.state() + " " + status.failureCode() + " " + status.error();
      }
      return status.state() + (status.blob() == null ? " without blob" : " with blob");
    }
  }

  @BeforeAll
  static void uploadTheCorpus() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    ffprobe = new Ffprobe(ffmpeg);
    hostile = new HostileInputs(ffmpeg.ffmpeg(), ffmpeg.env());
    fixtures = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env());
    listener = new CountingListener();
    secret = Files.writeString(dir.resolve("secret.txt"), SECRET + "\n");
    Path inputs = Files.createDirectory(dir.resolve("inputs"));
    server = TestServer.start(dir.resolve("data"), Map.of("STRATUS_WORKERS", "2"));

    String token = TestServer.devToken(DID, Nsid.REPO_UPLOAD_BLOB);
    List<Outcome> uploaded = new ArrayList<>();
    // Each file is uploaded as soon as it exists, so the workers encode while the rest are made.
    for (Case row : TABLE) {
      Path input = row.input().write(inputs.resolve(row.fileName()));
      try {
        JobStatus created = server.client(token).uploadVideo(DID, input, row.mimeType());
        uploaded.add(new Outcome(row, input, null, created));
      } catch (XrpcException e) {
        uploaded.add(new Outcome(row, input, e, null));
      }
    }
    server.drain();
    outcomes =
        uploaded.stream()
            .map(o -> o.job() == null ? o : new Outcome(o.row(), o.input(), null, server.client.getJobStatus(o.job().jobId())))
            .toList();
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    if (listener != null) {
      listener.close();
    }
  }

  @Test
  void everyInputEndsAsItsRowSays() {
    SoftAssertions softly = new SoftAssertions();
    for (Outcome outcome : outcomes) {
      softly.assertThat(outcome.describe()).as(outcome.row().name()).isEqualTo(outcome.row().expected().describe());
      if (outcome.job() != null && outcome.job().state().equals(JobState.FAILED)) {
        assertHumanMessage(softly, outcome.row().name(), outcome.job().message());
      }
      if (outcome.refusal() != null) {
        assertHumanMessage(softly, outcome.row().name(), outcome.refusal().getMessage());
      }
    }
    softly.assertAll();
  }

  @Test
  void completedVideosAreStereoH264InMp4() throws Exception {
    SoftAssertions softly = new SoftAssertions();
    for (Outcome outcome : outcomes) {
      if (!(outcome.row().expected() instanceof Completed expected)
          || outcome.job() == null
          || outcome.job().blob() == null) {
        continue; // the row's own assertion reports it
      }
      String name = outcome.row().name();
      Path file = server.dataDir.resolve("blobs/media/" + DID + "/" + outcome.job().blob().cid() + "/video.mp4");
      JsonNode probe = ffprobe.probe(file.toString());
      List<JsonNode> videos = Ffprobe.streams(probe, "video");
      softly.assertThat(videos).as(name + " video streams").hasSize(1);
      if (videos.isEmpty()) {
        continue;
      }
      JsonNode video = videos.get(0);
      int width = video.path("width").asInt();
      int height = video.path("height").asInt();
      softly.assertThat(video.path("codec_name").asText()).as(name + " codec").isEqualTo("h264");
      softly.assertThat(video.path("profile").asText()).as(name + " profile").isIn("High", "Main");
      softly.assertThat(video.path("pix_fmt").asText()).as(name + " pix_fmt").isEqualTo("yuv420p");
      softly.assertThat(width % 2 == 0 && height % 2 == 0).as(name + " even size, was " + width + "x" + height).isTrue();
      if (expected.portrait()) {
        softly.assertThat(height).as(name + " is portrait, " + width + "x" + height).isGreaterThan(width);
      }
      List<JsonNode> audio = Ffprobe.streams(probe, "audio");
      if (expected.audio()) {
        softly.assertThat(audio).as(name + " audio streams").hasSize(1);
        audio.forEach(a -> {
          softly.assertThat(a.path("codec_name").asText()).as(name + " audio codec").isEqualTo("aac");
          softly.assertThat(a.path("channels").asInt()).as(name + " audio channels").isEqualTo(2);
        });
      } else {
        softly.assertThat(audio).as(name + " has no audio").isEmpty();
      }
    }
    softly.assertAll();
  }

  @Test
  void theAttackersListenerWasNeverDialed() throws Exception {
    assertThat(listener.connectionsFromOthers()).as("connections to the attacker's listener").isZero();
  }

  @Test
  void theSecretFileWasNeverRead() throws Exception {
    for (Path file : UploadAndPlaybackIT.listFiles(server.dataDir)) {
      // ISO-8859-1 maps every byte to one char, so binary files search like text.
      assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(SECRET);
    }
    for (Outcome outcome : outcomes) {
      if (outcome.job() != null) {
        assertThat(String.valueOf(outcome.job().message())).as(outcome.row().name()).doesNotContain(SECRET);
      }
    }
  }

  @Test
  void nothingIsLeftBehind() throws Exception {
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("work"))).isEmpty();
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/.staging"))).isEmpty();
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/uploads"))).isEmpty();
  }

  /** The inputs are what their rows claim, as ffprobe (unrestricted, as a player) sees them. */
  @Test
  void theCorpusIsWhatItClaims() throws Exception {
    JsonNode dot = video("1x1");
    assertThat(dot.path("width").asInt() + "x" + dot.path("height").asInt()).isEqualTo("1x1");
    JsonNode huge = video("20000x20000");
    assertThat(huge.path("width").asInt() + "x" + huge.path("height").asInt()).isEqualTo("20000x20000");
    JsonNode sliver = video("1:20 aspect ratio");
    assertThat(sliver.path("width").asInt() * 20).isEqualTo(sliver.path("height").asInt());
    assertThat(probe("12 minutes").at("/format/duration").asDouble()).isCloseTo(720.0, org.assertj.core.data.Offset.offset(1.0));
    JsonNode vfr = video("variable frame rate");
    assertThat(vfr.path("r_frame_rate").asText()).isEqualTo("30/1").isNotEqualTo(vfr.path("avg_frame_rate").asText());
    assertThat(Ffprobe.streams(probe("audio only"), "video")).isEmpty();
    JsonNode hevc = video("10-bit HEVC in MOV");
    assertThat(List.of(hevc.path("codec_name").asText(), hevc.path("pix_fmt").asText(), hevc.path("codec_tag_string").asText()))
        .containsExactly("hevc", "yuv420p10le", "hvc1");
    assertThat(Ffprobe.streams(probe("5.1 audio"), "audio").get(0).path("channels").asInt()).isEqualTo(6);
    JsonNode webm = probe("VP9 + Opus in WebM");
    assertThat(Ffprobe.streams(webm, "video").get(0).path("codec_name").asText()).isEqualTo("vp9");
    assertThat(Ffprobe.streams(webm, "audio").get(0).path("codec_name").asText()).isEqualTo("opus");
    JsonNode gif = video("animated GIF");
    assertThat(gif.path("width").asInt() + "x" + gif.path("height").asInt()).isEqualTo("301x201");

    byte[] atEnd = Files.readAllBytes(input("MP4 with index at end"));
    assertThat(Mp4Boxes.offsetOf(atEnd, "moov")).isGreaterThan(Mp4Boxes.offsetOf(atEnd, "mdat"));
    assertThat(Mp4Boxes.offsetOf(Files.readAllBytes(input("truncated MP4")), "moov")).isEqualTo(-1);
    assertThat(Files.readString(input("HLS playlist disguised as MP4")))
        .startsWith("#EXTM3U")
        .contains(listener.uri("/x.ts").toString(), secret.toAbsolutePath().toString());
  }

  private static void assertHumanMessage(SoftAssertions softly, String row, @Nullable String message) {
    softly.assertThat(message)
        .as(row + " message")
        .isNotBlank()
        .containsPattern("[A-Za-z]+ [A-Za-z]+")
        .doesNotContain("/tmp", "/root", server.dataDir.toString(), dir.toString(), "Exception", "at dev.")
        // ffmpeg's internals stay in the log: context tags, addresses, stream labels, paths.
        .doesNotContain("0x", "@", "out#", "in#")
        .doesNotContainPattern("(^|\\s)/\\w");
  }

  private static Path input(String row) {
    return outcomes.stream().filter(o -> o.row().name().equals(row)).findFirst().orElseThrow().input();
  }

  private static JsonNode probe(String row) throws Exception {
    return ffprobe.probe(input(row).toString());
  }

  private static JsonNode video(String row) throws Exception {
    return Ffprobe.streams(probe(row), "video").get(0);
  }
}
