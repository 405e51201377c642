package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.atproto.Cid;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.media.MediaFixtures;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on a real server: upload generated clips over HTTP, run the workers with the real
 * ffmpeg, then open what playback serves with ffprobe, as a player would.
 */
class UploadAndPlaybackIT {
  private static final String DID = "did:plc:uploadandplayback";
  private static final double SECONDS = 3;

  @TempDir static Path dir;
  static FfmpegBinaries ffmpeg;
  static Ffprobe ffprobe;
  static TestServer server;
  static Path landscape;
  static Path portrait;
  static Path silent;

  @BeforeAll
  static void start() throws Exception {
    ffmpeg = FfmpegBinaries.bundled();
    ffprobe = new Ffprobe(ffmpeg);
    MediaFixtures fixtures = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env());
    landscape = fixtures.landscape1080p(dir.resolve("landscape.mp4"), SECONDS);
    portrait = fixtures.portraitRotated(dir.resolve("portrait.mov"), SECONDS);
    silent = fixtures.noAudio(dir.resolve("silent.mp4"), SECONDS);
    server = TestServer.start(dir.resolve("data"), Map.of("STRATUS_WORKERS", "2"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void uploadedClipsAreEncodedStoredAndPlayable() throws Exception {
    String token = TestServer.devToken(DID, Nsid.REPO_UPLOAD_BLOB);
    JobStatus landscapeJob = server.client(token).uploadVideo(DID, landscape, "video/mp4");
    JobStatus portraitJob = server.client(token).uploadVideo(DID, portrait, "video/quicktime");
    JobStatus silentJob = server.client(token).uploadVideo(DID, silent, "video/mp4");
    assertThat(List.of(landscapeJob, portraitJob, silentJob))
        .allSatisfy(job -> assertThat(job.state()).isEqualTo(JobState.CREATED));

    server.drain();

    JobStatus landscapeDone = completed(landscapeJob.jobId());
    JobStatus portraitDone = completed(portraitJob.jobId());
    JobStatus silentDone = completed(silentJob.jobId());

    assertPlayable(landscapeDone, List.of("640x360", "1280x720", "1920x1080"), true);
    assertPlayable(portraitDone, List.of("360x640", "720x1280"), true);
    assertPlayable(silentDone, List.of("480x360", "960x720"), false);

    JsonNode blob = ffprobe.probe(blobFile(portraitDone).toString());
    JsonNode video = Ffprobe.streams(blob, "video").get(0);
    assertThat(video.path("width").asInt() + "x" + video.path("height").asInt()).isEqualTo("720x1280");
    assertThat(video.path("profile").asText()).isIn("High", "Main");
    assertThat(video.path("pix_fmt").asText()).isEqualTo("yuv420p");
    assertThat(Ffprobe.streams(blob, "audio").get(0).path("channels").asInt()).isEqualTo(2);
    assertThat(Ffprobe.streams(blob, "audio").get(0).path("codec_name").asText()).isEqualTo("aac");
    assertThat(blob.at("/format/tags/major_brand").asText()).isEqualTo("isom");

    assertNoTemporaryFilesLeft();
  }

  private static JobStatus completed(String jobId) {
    JobStatus status = server.client.getJobStatus(jobId);
    assertThat(status.state()).as(status.toString()).isEqualTo(JobState.COMPLETED);
    assertThat(status.progress()).isEqualTo(100);
    assertThat(status.message()).isEqualTo("Video processed successfully");
    assertThat(status.blob()).isNotNull();
    assertThat(status.blob().mimeType()).isEqualTo("video/mp4");
    return status;
  }

  private static Path blobFile(JobStatus status) throws Exception {
    Path file = server.dataDir.resolve("blobs/media/" + DID + "/" + status.blob().cid() + "/video.mp4");
    assertThat(file).exists();
    assertThat(Files.size(file)).isEqualTo(status.blob().size());
    assertThat(Cid.of(file)).isEqualTo(status.blob().cid());
    return file;
  }

  private static void assertPlayable(JobStatus status, List<String> sizes, boolean audio) throws Exception {
    blobFile(status);
    String base =
        server.baseUrl() + "/watch/" + URLEncoder.encode(DID, StandardCharsets.UTF_8) + "/" + status.blob().cid();
    JsonNode master = ffprobe.probe(base + "/playlist.m3u8");
    List<String> variants =
        Ffprobe.streams(master, "video").stream().map(s -> s.path("width").asInt() + "x" + s.path("height").asInt()).distinct().toList();
    assertThat(variants).containsExactlyInAnyOrderElementsOf(sizes);
    for (String size : sizes) {
      String rung = Math.min(Integer.parseInt(size.split("x")[0]), Integer.parseInt(size.split("x")[1])) + "p";
      JsonNode rendition = ffprobe.probe(base + "/" + rung + "/video.m3u8");
      JsonNode video = Ffprobe.streams(rendition, "video").get(0);
      assertThat(video.path("codec_name").asText()).isEqualTo("h264");
      assertThat(video.path("width").asInt() + "x" + video.path("height").asInt()).isEqualTo(size);
      assertThat(rendition.at("/format/duration").asDouble()).isCloseTo(SECONDS, org.assertj.core.data.Offset.offset(0.5));
      assertThat(Ffprobe.streams(rendition, "audio")).hasSize(audio ? 1 : 0);
    }
    JsonNode thumbnail = ffprobe.probe(base + "/thumbnail.jpg");
    assertThat(Ffprobe.streams(thumbnail, "video").get(0).path("codec_name").asText()).isEqualTo("mjpeg");
  }

  private static void assertNoTemporaryFilesLeft() throws Exception {
    assertThat(listFiles(server.dataDir.resolve("work"))).isEmpty();
    assertThat(listFiles(server.dataDir.resolve("blobs/.staging"))).isEmpty();
    assertThat(listFiles(server.dataDir.resolve("blobs/uploads"))).isEmpty();
  }

  static List<Path> listFiles(Path folder) throws Exception {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
