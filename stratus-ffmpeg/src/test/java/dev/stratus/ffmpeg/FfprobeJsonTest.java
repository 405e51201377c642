package dev.stratus.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.core.media.MediaException;
import dev.stratus.core.media.MediaInfo;
import dev.stratus.lexicon.FailureCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FfprobeJsonTest {

  @Test
  void commandReadsOnlyLocalVideoContainersAndPrintsJson() {
    assertThat(FfprobeJson.command(Path.of("/opt/ffprobe"), Path.of("/w/input")))
        .containsExactly(
            "/opt/ffprobe",
            "-v",
            "error",
            "-protocol_whitelist",
            "file",
            "-format_whitelist",
            "mov,matroska,webm,mpeg,mpegts,avi,flv,asf,ogg,gif",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            "/w/input");
  }

  @Test
  void landscapeWithAudio() throws MediaException {
    MediaInfo info =
        FfprobeJson.parse(
            """
            {"streams": [
              {"index": 0, "codec_name": "h264", "codec_type": "video", "width": 1920, "height": 1080,
               "sample_aspect_ratio": "1:1", "r_frame_rate": "30/1", "avg_frame_rate": "30/1",
               "duration": "3.000000", "nb_frames": "90"},
              {"index": 1, "codec_name": "aac", "codec_type": "audio", "channels": 1,
               "r_frame_rate": "0/0", "avg_frame_rate": "0/0", "duration": "3.000000"}],
             "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "3.004000"}}
            """);

    assertThat(info)
        .isEqualTo(
            new MediaInfo(
                "mov,mp4,m4a,3gp,3g2,mj2", "h264", 1920, 1080, 3.004, 30, 90, 0, "aac", 1));
  }

  @Test
  void displayMatrixRotationIsCounterClockwiseAndSwapsTheSize() throws MediaException {
    // What "ffmpeg -display_rotation 90" writes, and what a phone held upright writes (-90).
    String plus90 =
        rotated("\"side_data_list\": [{\"side_data_type\": \"Display Matrix\", \"rotation\": 90}]");
    String minus90 =
        rotated(
            "\"side_data_list\": [{\"side_data_type\": \"Display Matrix\", \"rotation\": -90}]");
    String upsideDown = rotated("\"side_data_list\": [{\"rotation\": 180}]");

    MediaInfo ccw = FfprobeJson.parse(plus90);
    assertThat(ccw.width()).isEqualTo(720);
    assertThat(ccw.height()).isEqualTo(1280);
    assertThat(ccw.rotation()).isEqualTo(270);
    assertThat(FfprobeJson.parse(minus90).rotation()).isEqualTo(90);
    assertThat(FfprobeJson.parse(minus90).isPortrait()).isTrue();
    MediaInfo flipped = FfprobeJson.parse(upsideDown);
    assertThat(flipped.rotation()).isEqualTo(180);
    assertThat(flipped.width()).isEqualTo(1280);
  }

  @Test
  void legacyRotateTagIsClockwise() throws MediaException {
    MediaInfo info = FfprobeJson.parse(rotated("\"tags\": {\"rotate\": \"90\"}"));

    assertThat(info.rotation()).isEqualTo(90);
    assertThat(info.width()).isEqualTo(720);
    assertThat(info.height()).isEqualTo(1280);
  }

  @Test
  void sampleAspectRatioStretchesTheWidthBeforeRotation() throws MediaException {
    // Anamorphic PAL widescreen: 720x576 coded, pixels 64:45 wide, shown as 1024x576.
    MediaInfo wide =
        FfprobeJson.parse(
            """
            {"streams": [{"codec_name": "mpeg2video", "codec_type": "video", "width": 720,
              "height": 576, "sample_aspect_ratio": "64:45", "avg_frame_rate": "25/1"}],
             "format": {"format_name": "mpeg", "duration": "2.0"}}
            """);
    MediaInfo unknownSar =
        FfprobeJson.parse(
            """
            {"streams": [{"codec_name": "h264", "codec_type": "video", "width": 640,
              "height": 480, "sample_aspect_ratio": "0:1", "avg_frame_rate": "25/1"}],
             "format": {"format_name": "matroska,webm", "duration": "2.0"}}
            """);

    assertThat(wide.width()).isEqualTo(1024);
    assertThat(wide.height()).isEqualTo(576);
    assertThat(wide.frameCount()).isEqualTo(50);
    assertThat(unknownSar.width()).isEqualTo(640);
  }

  @Test
  void frameRateFallsBackToRealRateAndDurationToTheStream() throws MediaException {
    MediaInfo info =
        FfprobeJson.parse(
            """
            {"streams": [{"codec_name": "vp9", "codec_type": "video", "width": 640, "height": 360,
              "avg_frame_rate": "0/0", "r_frame_rate": "30000/1001", "duration": "10.010000"},
              {"codec_name": "opus", "codec_type": "audio", "channels": 2},
              {"codec_name": "aac", "codec_type": "audio", "channels": 6}],
             "format": {"format_name": "matroska,webm", "duration": "N/A"}}
            """);

    assertThat(info.frameRate()).isCloseTo(29.97, org.assertj.core.data.Offset.offset(0.001));
    assertThat(info.durationSeconds()).isEqualTo(10.01);
    assertThat(info.frameCount()).isEqualTo(300);
    assertThat(info.audioCodec()).isEqualTo("opus");
    assertThat(info.audioChannels()).isEqualTo(2);
  }

  @Test
  void audioWithCoverArtIsNotAVideo() {
    String json =
        """
        {"streams": [{"codec_name": "mp3", "codec_type": "audio", "channels": 2},
          {"codec_name": "mjpeg", "codec_type": "video", "width": 500, "height": 500,
           "disposition": {"attached_pic": 1}}],
         "format": {"format_name": "mp3", "duration": "180.0"}}
        """;

    assertInvalid(json, "no video stream");
  }

  @Test
  void inputsThatAreNotPlayableVideosAreValidationFailures() {
    assertInvalid("{\"streams\": [], \"format\": {\"duration\": \"1.0\"}}", "no video stream");
    assertInvalid("{}", "no video stream");
    assertInvalid("not json", "unreadable");
    assertInvalid(
        "{\"streams\": [{\"codec_type\": \"video\", \"width\": 0, \"height\": 0}],"
            + " \"format\": {\"duration\": \"1.0\"}}",
        "picture size");
    // A still image: a video stream with no duration.
    assertInvalid(
        "{\"streams\": [{\"codec_name\": \"png\", \"codec_type\": \"video\", \"width\": 64,"
            + " \"height\": 64}], \"format\": {\"format_name\": \"png_pipe\", \"duration\":"
            + " \"N/A\"}}",
        "duration");
  }

  private static void assertInvalid(String json, String reason) {
    assertThatThrownBy(() -> FfprobeJson.parse(json))
        .isInstanceOfSatisfying(
            MediaException.class,
            e -> {
              assertThat(e.failureCode()).isEqualTo(FailureCode.VALIDATION_FAILURE);
              assertThat(e.error()).isEqualTo("invalid_video");
              assertThat(e.getMessage())
                  .startsWith("The file is not a video we can read")
                  .contains(reason);
            });
  }

  /** A 1280x720 H.264 stream with {@code extra} spliced into its stream object. */
  private static String rotated(String extra) {
    return """
    {"streams": [{"codec_name": "h264", "codec_type": "video", "width": 1280, "height": 720,
      "sample_aspect_ratio": "1:1", "avg_frame_rate": "30/1", "nb_frames": "90", %s}],
     "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "3.0"}}
    """
        .formatted(extra);
  }
}
