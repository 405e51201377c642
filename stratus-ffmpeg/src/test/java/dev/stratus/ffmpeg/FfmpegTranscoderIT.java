package dev.stratus.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.core.media.BlobCopy;
import dev.stratus.core.media.HlsPlaylists;
import dev.stratus.core.media.Ladder;
import dev.stratus.core.media.MediaLayout;
import dev.stratus.core.media.MediaException;
import dev.stratus.core.media.MediaInfo;
import dev.stratus.core.media.RungCopy;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.testkit.media.MediaFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled ffmpeg, for real: generated clips in, a checked ladder out. */
class FfmpegTranscoderIT {
  private static final Pattern VARIANT =
      Pattern.compile("BANDWIDTH=(\\d+),.*RESOLUTION=(\\d+x\\d+).*\\n([^\\n]+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static FfmpegBinaries binaries;
  private static MediaFixtures fixtures;

  @TempDir Path dir;

  @BeforeAll
  static void locateTheBundledFfmpeg() {
    binaries = FfmpegBinaries.bundled(Path.of("target", "ffmpeg-bundle"));
    fixtures = new MediaFixtures(binaries.ffmpeg(), binaries.env());
  }

  @Test
  void landscape1080pBecomesBlobThreeRungsAndThumbnail() throws Exception {
    FfmpegTranscoder transcoder = new FfmpegTranscoder(binaries);
    Path input = fixtures.landscape1080p(dir.resolve("landscape.mp4"), 3);

    MediaInfo info = transcoder.probe(input);
    assertThat(info.width()).isEqualTo(1920);
    assertThat(info.height()).isEqualTo(1080);
    assertThat(info.rotation()).isZero();
    assertThat(info.videoCodec()).isEqualTo("h264");
    assertThat(info.durationSeconds()).isCloseTo(3, within(0.1));
    assertThat(info.frameRate()).isEqualTo(30);
    assertThat(info.frameCount()).isEqualTo(90);
    assertThat(info.audioCodec()).isEqualTo("aac");
    assertThat(info.audioChannels()).isEqualTo(1);

    Path out = Files.createDirectory(dir.resolve("out"));
    List<Integer> progress = new ArrayList<>();
    transcoder.transcode(input, info, Ladder.forSource(info), out, progress::add);

    assertThat(progress).isSorted().doesNotHaveDuplicates().endsWith(100).hasSizeGreaterThan(1);
    assertBlob(out, 1920, 1080, true);
    assertThat(variants(out)).containsExactly("360p 640x360", "720p 1280x720", "1080p 1920x1080");
    assertSize(probe(out.resolve("thumbnail.jpg")), 1280, 720);
    assertThat(Files.readString(out.resolve("1080p/video.m3u8"))).contains("video0.ts");
    assertThat(out.resolve("1080p/video0.ts")).isNotEmptyFile();
  }

  @Test
  void aGrowingLadderStartsWithOneSecondSegmentsAndEndsAsAnEventPlaylist() throws Exception {
    FfmpegTranscoder transcoder = new FfmpegTranscoder(binaries);
    Path input = fixtures.landscape1080p(dir.resolve("growing.mp4"), 6);
    MediaInfo info = transcoder.probe(input);
    Path out = Files.createDirectory(dir.resolve("growing"));

    transcoder.encodeGrowingLadder(input, info, Ladder.forSource(info), out, progress -> {});

    assertThat(out.resolve("video.mp4")).doesNotExist();
    assertThat(variants(out)).containsExactly("360p 640x360", "720p 1280x720", "1080p 1920x1080");
    assertSize(probe(out.resolve("thumbnail.jpg")), 1280, 720);
    for (String rung : List.of("360p", "720p", "1080p")) {
      String playlist = Files.readString(out.resolve(rung + "/video.m3u8"));
      assertThat(playlist).contains("#EXT-X-PLAYLIST-TYPE:EVENT").contains("#EXT-X-ENDLIST");
      // Four one-second segments, so a viewer waits for one second of video, then full ones.
      assertThat(playlist.lines().filter(line -> line.startsWith("#EXTINF:")).toList())
          .startsWith("#EXTINF:1.000000,", "#EXTINF:1.000000,", "#EXTINF:1.000000,", "#EXTINF:1.000000,")
          .hasSize(5);
    }
  }

  @Test
  void rotatedPortraitStaysPortrait() throws Exception {
    FfmpegTranscoder transcoder = new FfmpegTranscoder(binaries);
    Path input = fixtures.portraitRotated(dir.resolve("portrait.mp4"), 3);

    MediaInfo info = transcoder.probe(input);
    assertThat(info.width()).isEqualTo(720);
    assertThat(info.height()).isEqualTo(1280);
    // The fixture's matrix turns the picture 90 degrees counter-clockwise: 270 clockwise.
    assertThat(info.rotation()).isEqualTo(270);
    assertThat(info.hasAudio()).isTrue();

    Path out = Files.createDirectory(dir.resolve("out"));
    transcoder.transcode(input, info, Ladder.forSource(info), out, percent -> {});

    JsonNode blob = assertBlob(out, 720, 1280, true);
    // ffmpeg turned the pixels upright, so no display matrix is left to apply twice.
    assertThat(blob.path("streams").get(0).path("side_data_list").findValues("rotation")).isEmpty();
    assertThat(variants(out)).containsExactly("360p 360x640", "720p 720x1280");
    assertSize(probe(out.resolve("thumbnail.jpg")), 720, 1280);
  }

  @Test
  void silentVideoGetsSilentOutputs() throws Exception {
    FfmpegTranscoder transcoder = new FfmpegTranscoder(binaries);
    Path input = fixtures.noAudio(dir.resolve("silent.mp4"), 2);

    MediaInfo info = transcoder.probe(input);
    assertThat(info.hasAudio()).isFalse();
    assertThat(info.width()).isEqualTo(640);

    Path out = Files.createDirectory(dir.resolve("out"));
    transcoder.transcode(input, info, Ladder.forSource(info), out, percent -> {});

    assertBlob(out, 640, 480, false);
    assertThat(variants(out)).containsExactly("360p 480x360", "720p 960x720");
    assertThat(Files.readString(out.resolve("playlist.m3u8"))).doesNotContain("mp4a");
  }

  @Test
  void textIsNotAVideo() throws Exception {
    // Named .txt, ffmpeg's tty demuxer would read it as ANSI art: a 640x400 "video".
    Path text = Files.writeString(dir.resolve("notes.txt"), "just some words\n".repeat(100));

    assertThatThrownBy(() -> new FfmpegTranscoder(binaries).probe(text))
        .isInstanceOfSatisfying(
            MediaException.class,
            e -> {
              assertThat(e.failureCode()).isEqualTo(FailureCode.VALIDATION_FAILURE);
              assertThat(e.error()).isEqualTo("invalid_video");
              assertThat(e.getMessage()).doesNotContain(dir.toString());
            });
  }

  @Test
  void ffmpegFailureIsAnEncodingFailureWithItsLastWords() throws Exception {
    Path text = Files.writeString(dir.resolve("input.txt"), "not a video\n");
    MediaInfo claimed = new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", "h264", 640, 480, 2, 25, 50, 0, null, 0);
    Path out = Files.createDirectory(dir.resolve("out"));

    assertThatThrownBy(
            () ->
                new FfmpegTranscoder(binaries)
                    .transcode(text, claimed, Ladder.forSource(claimed), out, percent -> {}))
        .isInstanceOfSatisfying(
            MediaException.class,
            e -> {
              assertThat(e.failureCode()).isEqualTo(FailureCode.ENCODING_FAILURE);
              assertThat(e.error()).isEqualTo("encoding_failed");
              assertThat(e.getMessage())
                  .startsWith("The video could not be encoded: ")
                  .contains("Error opening input")
                  .doesNotContain(dir.toString());
            });
  }

  @Test
  void singleFrameAndVeryShortVideosBecomeEveryOutput() throws Exception {
    FfmpegTranscoder transcoder = new FfmpegTranscoder(binaries);
    Path oneFrame = dir.resolve("one-frame.mp4");
    Path stillGif = dir.resolve("still.gif");
    Path tenth = dir.resolve("tenth.mp4");
    generate(List.of("-f", "lavfi", "-i", "testsrc2=size=640x480:rate=25", "-frames:v", "1", "-c:v", "libx264",
        "-pix_fmt", "yuv420p", oneFrame.toString()));
    generate(List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10", "-frames:v", "1", stillGif.toString()));
    generate(List.of("-f", "lavfi", "-i", "testsrc2=size=640x480:rate=30", "-t", "0.1", "-c:v", "libx264",
        "-pix_fmt", "yuv420p", tenth.toString()));
    for (Path input : List.of(oneFrame, stillGif, tenth)) {
      MediaInfo info = transcoder.probe(input);
      Path out = Files.createDirectory(dir.resolve("out-" + input.getFileName()));
      transcoder.transcode(input, info, Ladder.forSource(info), out, percent -> {});
      for (Path expected : FfmpegTranscoder.expectedOutputs(Ladder.forSource(info), out)) {
        assertThat(expected).as(input.getFileName() + ": " + out.relativize(expected)).isNotEmptyFile();
      }
      assertThat(stream(probe(out.resolve(MediaLayout.BLOB)), "video").path("codec_name").asText()).isEqualTo("h264");
    }
  }

  private static void generate(List<String> args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(binaries.ffmpeg().toString(), "-v", "error", "-y"));
    argv.addAll(args);
    ProcessRunner.Result result = new ProcessRunner(binaries.env()).run(argv, RunBudget.wallClock(Duration.ofSeconds(30)), line -> {});
    assertThat(result.succeeded()).as(result.stderrTail().toString()).isTrue();
  }

  @Test
  void anEncodePastItsDeadlineIsStopped() throws Exception {
    Path input = fixtures.noAudio(dir.resolve("silent.mp4"), 2);
    FfmpegSettings hurried = new FfmpegSettings(Duration.ofSeconds(30), Duration.ofMillis(1), 0, 0);
    FfmpegTranscoder transcoder = new FfmpegTranscoder(binaries, hurried);
    MediaInfo info = transcoder.probe(input);
    Path out = Files.createDirectory(dir.resolve("out"));

    assertThatThrownBy(
            () -> transcoder.transcode(input, info, Ladder.forSource(info), out, percent -> {}))
        .isInstanceOfSatisfying(MediaException.class, e -> {
          // A spent budget is no verdict on the video: it is retried.
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).contains("used up its time (1 ms at full speed)");
        });
  }

  private JsonNode assertBlob(Path out, int width, int height, boolean audio) throws Exception {
    JsonNode blob = probe(out.resolve("video.mp4"));
    JsonNode video = stream(blob, "video");
    assertThat(video.path("codec_name").asText()).isEqualTo("h264");
    // Encoded: High. Copied from a conforming input: any profile the fast path takes.
    assertThat(video.path("profile").asText()).isIn("High", "Main", "Constrained Baseline");
    assertThat(video.path("pix_fmt").asText()).isEqualTo("yuv420p");
    assertSize(blob, width, height);
    assertThat(blob.path("format").path("tags").path("major_brand").asText()).isEqualTo("isom");
    JsonNode sound = stream(blob, "audio");
    if (audio) {
      assertThat(sound.path("codec_name").asText()).isEqualTo("aac");
      assertThat(sound.path("channels").asInt()).isEqualTo(2);
    } else {
      assertThat(sound.isMissingNode()).isTrue();
    }
    return blob;
  }

  private static void assertSize(JsonNode probed, int width, int height) {
    JsonNode video = stream(probed, "video");
    assertThat(video.path("width").asInt() + "x" + video.path("height").asInt())
        .isEqualTo(width + "x" + height);
  }

  /** "360p 640x360" per variant of the master playlist, each with an honest bandwidth. */
  private static List<String> variants(Path out) throws Exception {
    String master = Files.readString(out.resolve("playlist.m3u8"));
    List<String> variants = new ArrayList<>();
    Matcher matcher = VARIANT.matcher(master);
    while (matcher.find()) {
      assertThat(Long.parseLong(matcher.group(1))).as(master).isGreaterThan(200_000);
      String playlist = matcher.group(3).strip();
      assertThat(out.resolve(playlist)).isNotEmptyFile();
      variants.add(playlist.replace("/video.m3u8", "") + " " + matcher.group(2));
    }
    return variants;
  }

  @Test
  void aBlobFirstEncodeCopiesAConformingInputAndTheLadderFollowsFromTheBlob() throws Exception {
    FfmpegTranscoder transcoder = new FfmpegTranscoder(binaries);
    Path input = fixtures.landscape1080p(dir.resolve("conforming.mp4"), 2);
    MediaInfo info = transcoder.probe(input);
    assertThat(info.pixelFormat()).isEqualTo("yuv420p");
    assertThat(info.videoProfile()).isIn("High", "Main", "Constrained Baseline");
    Ladder ladder = Ladder.forSource(info);
    assertThat(BlobCopy.allowed(info, ladder)).isTrue();

    Path out = Files.createDirectory(dir.resolve("out"));
    transcoder.encodeBlob(input, info, ladder, out, percent -> {});
    try (var files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly(MediaLayout.BLOB);
    }
    // A stream copy: the blob's video packets are the input's, byte for byte.
    assertThat(videoMd5(out.resolve(MediaLayout.BLOB))).isEqualTo(videoMd5(input));
    JsonNode blob = probe(out.resolve(MediaLayout.BLOB));
    assertThat(blob.at("/format/tags/major_brand").asText()).isEqualTo("isom");

    Path blobFile = out.resolve(MediaLayout.BLOB);
    MediaInfo blobInfo = transcoder.probe(blobFile);
    transcoder.encodeLadder(blobFile, blobInfo, Ladder.forSource(blobInfo), out, percent -> {});
    for (Path expected : FfmpegTranscoder.expectedOutputs(Ladder.forSource(blobInfo), out)) {
      assertThat(expected).isNotEmptyFile();
    }
    assertThat(videoMd5(blobFile)).as("the ladder pass leaves the delivered blob alone").isEqualTo(videoMd5(input));
  }

  @Test
  void aBlobFirstEncodeOfARotatedInputEncodesUpright() throws Exception {
    FfmpegTranscoder transcoder = new FfmpegTranscoder(binaries);
    Path input = fixtures.portraitRotated(dir.resolve("rotated.mov"), 2);
    MediaInfo info = transcoder.probe(input);
    Ladder ladder = Ladder.forSource(info);
    assertThat(BlobCopy.allowed(info, ladder)).isFalse();

    Path out = Files.createDirectory(dir.resolve("out"));
    transcoder.encodeBlob(input, info, ladder, out, percent -> {});
    JsonNode video = stream(probe(out.resolve(MediaLayout.BLOB)), "video");
    assertThat(video.path("width").asInt() + "x" + video.path("height").asInt()).isEqualTo("720x1280");
    assertThat(video.path("profile").asText()).isEqualTo("High");
    assertThat(video.path("pix_fmt").asText()).isEqualTo("yuv420p");
  }

  @Test
  void aPhoneClipHasItsBlobAndItsOwnSizeRungCopiedAndTheOtherRungCutAtItsKeyFrames() throws Exception {
    FfmpegTranscoder transcoder = new FfmpegTranscoder(binaries);
    Path input = fixtures.phone720p(dir.resolve("phone.mp4"), 10);
    MediaInfo info = transcoder.probe(input);
    Ladder ladder = Ladder.forSource(info);
    assertThat(RungCopy.worthChecking(info, ladder)).isTrue();

    Path out = Files.createDirectory(dir.resolve("out"));
    List<Integer> progress = new ArrayList<>();
    transcoder.transcode(input, info, ladder, out, progress::add);

    assertThat(progress).endsWith(100);
    assertBlob(out, 1280, 720, true);
    assertThat(videoMd5(out.resolve(MediaLayout.BLOB))).as("the blob is the input's stream").isEqualTo(videoMd5(input));
    assertThat(decodedMd5(out.resolve("720p/video.m3u8"))).as("the 720p rung shows the input's very pictures")
        .isEqualTo(decodedMd5(input));
    assertThat(variants(out)).containsExactly("360p 640x360", "720p 1280x720");
    String low = Files.readString(out.resolve("360p/video.m3u8"));
    String high = Files.readString(out.resolve("720p/video.m3u8"));
    assertThat(HlsPlaylists.segmentSeconds(high)).hasSizeGreaterThan(1);
    assertThat(HlsPlaylists.aligned(List.of(low, high), 1 / 30.0)).as(low + high).isTrue();
    JsonNode encoded = stream(probe(out.resolve("360p/video0.ts")), "video");
    assertThat(encoded.path("profile").asText()).isEqualTo("High");
    assertSize(probe(out.resolve(MediaLayout.THUMBNAIL)), 1280, 720);
  }

  @Test
  void aPhoneClipWithKeyFramesTooFarApartHasEveryRungEncoded() throws Exception {
    FfmpegTranscoder transcoder = new FfmpegTranscoder(binaries);
    // The fixture's encoder puts a key frame only every 250 frames: one in 6 s.
    Path input = fixtures.landscape1080p(dir.resolve("long-gop.mp4"), 6);
    MediaInfo info = transcoder.probe(input);
    Ladder ladder = Ladder.forSource(info);
    assertThat(RungCopy.worthChecking(info, ladder)).isTrue();

    Path out = Files.createDirectory(dir.resolve("out"));
    transcoder.transcode(input, info, ladder, out, percent -> {});

    assertThat(decodedMd5(out.resolve("1080p/video.m3u8"))).isNotEqualTo(decodedMd5(input));
    assertThat(stream(probe(out.resolve(MediaLayout.BLOB)), "video").path("profile").asText()).isEqualTo("High");
    assertThat(HlsPlaylists.segmentSeconds(Files.readString(out.resolve("1080p/video.m3u8"))))
        .containsExactly(4.0, 2.0);
  }

  /** The MD5 of a file's video packets, as a stream copy sees them. */
  private static String videoMd5(Path file) throws Exception {
    return md5(file, "-c", "copy");
  }

  /** The MD5 of a file's decoded pictures: equal for a stream copy, not for an encode. */
  private static String decodedMd5(Path file) throws Exception {
    return md5(file);
  }

  private static String md5(Path file, String... codec) throws Exception {
    List<String> argv = new ArrayList<>(List.of(binaries.ffmpeg().toString(), "-v", "error", "-i", file.toString(),
        "-map", "0:v:0"));
    argv.addAll(List.of(codec));
    argv.addAll(List.of("-f", "md5", "-"));
    StringBuilder out = new StringBuilder();
    ProcessRunner.Result result =
        new ProcessRunner(binaries.env()).run(argv, RunBudget.wallClock(Duration.ofSeconds(60)), out::append);
    assertThat(result.succeeded()).as(result.stderrTail().toString()).isTrue();
    return out.toString().trim();
  }

  private static JsonNode stream(JsonNode probed, String type) {
    for (JsonNode stream : probed.path("streams")) {
      if (type.equals(stream.path("codec_type").asText())) {
        return stream;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** Our own outputs, JPEG included: unlike uploads, read with any demuxer. */
  private static JsonNode probe(Path file) throws Exception {
    StringBuilder json = new StringBuilder();
    ProcessRunner.Result result =
        new ProcessRunner(binaries.env())
            .run(
                List.of(
                    binaries.ffprobe().toString(),
                    "-v",
                    "error",
                    "-print_format",
                    "json",
                    "-show_format",
                    "-show_streams",
                    file.toString()),
                RunBudget.wallClock(Duration.ofSeconds(30)),
                line -> json.append(line).append('\n'));
    assertThat(result.succeeded()).as(result.stderrTail().toString()).isTrue();
    return JSON.readTree(json.toString());
  }
}
