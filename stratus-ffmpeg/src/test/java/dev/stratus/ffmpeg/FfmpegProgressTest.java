package dev.stratus.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.core.media.Ladder;
import dev.stratus.core.media.MediaInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FfmpegProgressTest {
  private final List<Integer> reported = new ArrayList<>();

  @Test
  void framesOfTheFirstOutputOverExpectedFramesReportedOnceEach() {
    FfmpegProgress progress = new FfmpegProgress(90, reported::add);

    // Two blocks as ffmpeg 8.1 printed them for a 3 s, 30 fps input with four outputs.
    for (String line :
        List.of(
            "frame=45",
            "fps=29.02",
            "stream_0_0_q=29.0",
            "bitrate=1613.5kbits/s",
            "total_size=262192",
            "out_time_us=1300000",
            "out_time=00:00:01.300000",
            "speed=0.838x",
            "progress=continue",
            "frame=45",
            "progress=continue",
            "frame=90",
            "fps=35.16",
            "out_time_us=33333",
            "out_time_ms=33333",
            "speed=0.013x",
            "progress=end")) {
      progress.accept(line);
    }

    assertThat(reported).containsExactly(50, 99);
  }

  @Test
  void neverGoesBackNorReaches100() {
    FfmpegProgress progress = new FfmpegProgress(100, reported::add);

    for (String line : List.of("frame=0", "frame=10", "frame=5", "frame=150", "frame=200")) {
      progress.accept(line);
    }

    assertThat(reported).containsExactly(0, 10, 99);
  }

  @Test
  void ignoresMalformedLinesAndUnknownLength() {
    FfmpegProgress unknown = new FfmpegProgress(0, reported::add);
    FfmpegProgress known = new FfmpegProgress(10, reported::add);

    unknown.accept("frame=5");
    known.accept("frame=N/A");
    known.accept("frame=");
    known.accept("out_time_us=N/A");
    known.accept("frame= 3");

    assertThat(reported).containsExactly(30);
  }

  @Test
  void expectedFramesFollowTheCappedRate() {
    MediaInfo fast = new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", "h264", 1280, 720, 10, 120, 1200, 0, null, 0);
    MediaInfo normal = new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", "h264", 1280, 720, 10, 30, 299, 0, null, 0);
    MediaInfo uncounted = new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", "h264", 1280, 720, 10, 25, 0, 0, null, 0);

    assertThat(FfmpegProgress.expectedFrames(fast, Ladder.forSource(fast))).isEqualTo(600);
    assertThat(FfmpegProgress.expectedFrames(normal, Ladder.forSource(normal))).isEqualTo(299);
    assertThat(FfmpegProgress.expectedFrames(uncounted, Ladder.forSource(uncounted)))
        .isEqualTo(250);
  }
}
