package dev.stratus.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.lexicon.FailureCode;
import org.junit.jupiter.api.Test;

class InputValidatorTest {
  private final InputValidator validator = new InputValidator(InputLimits.DEFAULTS);

  private static MediaInfo video(String codec, int width, int height, double seconds, double fps) {
    return new MediaInfo("mov,mp4", codec, width, height, seconds, fps, Math.round(seconds * fps), 0, null, 0);
  }

  private void assertRefused(MediaInfo info, String error) {
    assertThatThrownBy(() -> validator.check(info))
        .isInstanceOfSatisfying(MediaException.class, e -> {
          assertThat(e.failureCode()).isEqualTo(FailureCode.VALIDATION_FAILURE);
          assertThat(e.error()).isEqualTo(error);
          assertThat(e.getMessage()).isNotBlank();
        });
  }

  @Test
  void ordinaryVideosPass() {
    assertThatCode(() -> validator.check(video("h264", 1920, 1080, 60, 30))).doesNotThrowAnyException();
    assertThatCode(() -> validator.check(video("hevc", 1080, 1920, 600, 30))).doesNotThrowAnyException();
    assertThatCode(() -> validator.check(video("gif", 301, 201, 3, 10))).doesNotThrowAnyException();
  }

  @Test
  void sizesAreCheckedBeforeTheCodec() {
    assertRefused(video("png", 1, 1, 1, 1), "video_too_small");
    assertRefused(video("png", 20000, 20000, 1, 1), "video_too_large");
  }

  @Test
  void extremeAspectRatiosAreRefused() {
    assertRefused(video("h264", 32, 640, 2, 30), "bad_aspect_ratio");
    assertRefused(video("h264", 1000, 200, 2, 30), "bad_aspect_ratio");
  }

  @Test
  void longVideosAreRefusedByDurationOrFrameCount() {
    assertRefused(video("h264", 320, 240, 720, 1), "video_too_long");
    assertRefused(video("h264", 320, 240, 500, 240), "video_too_long");
  }

  @Test
  void unknownCodecsAreRefused() {
    assertRefused(video("cinepak", 320, 240, 2, 30), "unsupported_codec");
  }

  @Test
  void anEncodedBlobOverTheLimitIsRefused() {
    assertThatCode(() -> validator.checkEncodedSize(300_000_000)).doesNotThrowAnyException();
    assertThatThrownBy(() -> validator.checkEncodedSize(300_000_001))
        .isInstanceOfSatisfying(MediaException.class, e ->
            assertThat(e.error()).isEqualTo("encoded_video_too_large"));
  }
}
