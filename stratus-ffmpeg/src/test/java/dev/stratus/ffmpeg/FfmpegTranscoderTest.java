package dev.stratus.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.core.media.Ladder;
import dev.stratus.core.media.MediaInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transcoder's own decisions; FfmpegTranscoderIT runs it on real video. */
class FfmpegTranscoderTest {

  @Test
  void encodeDeadlineGrowsWithLengthAboveTheMinimum() {
    FfmpegSettings settings = FfmpegSettings.DEFAULTS;

    assertThat(settings.encodeDeadline(3)).hasMinutes(10);
    assertThat(settings.encodeDeadline(180)).hasMinutes(30);
    assertThatThrownBy(
            () ->
                new FfmpegSettings(settings.probeDeadline(), settings.minEncodeDeadline(), 10, 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("niceness");
  }

  @Test
  void encodesRunNicelyOnlyWhenNiceIsOnThePath() {
    assertThat(FfmpegTranscoder.lowPriorityPrefix(10, "/nonexistent:/usr/bin:/bin"))
        .containsExactly("/usr/bin/nice", "-n", "10");
    assertThat(FfmpegTranscoder.lowPriorityPrefix(10, "/nonexistent")).isEmpty();
    assertThat(FfmpegTranscoder.lowPriorityPrefix(10, null)).isEmpty();
    assertThat(FfmpegTranscoder.lowPriorityPrefix(0, "/usr/bin")).isEmpty();
  }

  @Test
  void failureMessagesDoNotNameServerPaths() {
    ProcessRunner.Result result =
        new ProcessRunner.Result(
            1, false, List.of("/srv/work/job-7/input: Invalid data found when processing input"));

    assertThat(FfmpegTranscoder.describe(result, Path.of("/srv/work/job-7/input")))
        .isEqualTo("input: Invalid data found when processing input");
    assertThat(FfmpegTranscoder.describe(new ProcessRunner.Result(1, false, List.of())))
        .isEqualTo("the decoder reported an error");
  }

  @Test
  void expectsEveryFileOfTheLayout() {
    MediaInfo info = new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", "h264", 1920, 1080, 3, 30, 90, 0, null, 0);
    Path out = Path.of("/w/out");

    assertThat(FfmpegTranscoder.expectedOutputs(Ladder.forSource(info), out))
        .containsExactly(
            out.resolve("video.mp4"),
            out.resolve("playlist.m3u8"),
            out.resolve("360p/video.m3u8"),
            out.resolve("720p/video.m3u8"),
            out.resolve("1080p/video.m3u8"),
            out.resolve("thumbnail.jpg"));
  }
}
