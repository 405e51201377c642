package dev.stratus.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FfmpegBinariesTest {
  private static final Path FFMPEG = Path.of("/cache/ffmpeg-8.1.2-1.5.14/ffmpeg");

  @Test
  void aMissingSystemLibraryIsNamedWithItsFix() {
    ProcessRunner.Result result =
        new ProcessRunner.Result(
            127,
            false,
            List.of(
                "/cache/ffmpeg-8.1.2-1.5.14/ffmpeg: error while loading shared libraries:"
                    + " libpulse.so.0: cannot open shared object file: No such file or directory"));

    String message = FfmpegBinaries.whyNotStarted(FFMPEG, result);

    assertThat(message)
        .contains("libpulse.so.0 is missing")
        .contains("apt-get install libpulse0")
        .contains("configure a system ffmpeg");
  }

  @Test
  void anUnknownMissingLibraryStillGetsNamed() {
    String stderr =
        "ffmpeg: error while loading shared libraries: libva.so.2: cannot open shared object file";

    assertThat(FfmpegBinaries.missingLibrary(stderr)).contains("libva.so.2");
    assertThat(
            FfmpegBinaries.whyNotStarted(
                FFMPEG, new ProcessRunner.Result(127, false, List.of(stderr))))
        .contains("libva.so.2 is missing")
        .contains("install the system package that provides it");
  }

  @Test
  void otherFailuresQuoteTheLastStderrLine() {
    assertThat(FfmpegBinaries.missingLibrary("Illegal instruction")).isEmpty();
    assertThat(
            FfmpegBinaries.whyNotStarted(
                FFMPEG, new ProcessRunner.Result(132, false, List.of("Illegal instruction"))))
        .isEqualTo(
            "ffmpeg at /cache/ffmpeg-8.1.2-1.5.14/ffmpeg exited 132 on -version: Illegal"
                + " instruction");
  }

  @Test
  void aPathThatIsNotAnExecutableFailsTheCheck() {
    FfmpegBinaries missing =
        new FfmpegBinaries(
            Path.of("/nonexistent/ffmpeg"), Path.of("/nonexistent/ffprobe"), Map.of());

    assertThatThrownBy(missing::checked)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot run ffmpeg at /nonexistent/ffmpeg");
  }
}
