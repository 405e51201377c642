package dev.stratus.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RungCopyTest {
  private static MediaInfo phone(int width, int height, double fps, String profile, int rotation) {
    return new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", "h264", width, height, 12, fps, (long) (12 * fps), rotation,
        "aac", 2, "yuv420p", profile);
  }

  private static final MediaInfo PHONE_720P = phone(1280, 720, 30, "High", 0);

  /** Key frames every {@code every} s over 12 s, and a video stream of {@code kbps}. */
  private static KeyframeIndex keyframes(double every, double kbps) {
    List<Double> times = new java.util.ArrayList<>();
    for (double t = 0; t < 12; t += every) {
      times.add(t);
    }
    return new KeyframeIndex(times, (long) (kbps * 1000 / 8 * 12), 12);
  }

  @Test
  void aPhoneClipWithinTheRungsCapHasItsOwnSizeRungCopied() {
    Ladder ladder = Ladder.forSource(PHONE_720P);
    assertThat(RungCopy.rungToCopy(PHONE_720P, ladder, keyframes(1, 2500))).map(Rendition::name).contains("720p");
    assertThat(RungCopy.rungToCopy(PHONE_720P, ladder, keyframes(4, 3000))).map(Rendition::name).contains("720p");
  }

  @Test
  void aStreamOverTheRungsCapIsEncoded() {
    Ladder ladder = Ladder.forSource(PHONE_720P);
    assertThat(RungCopy.rungToCopy(PHONE_720P, ladder, keyframes(1, 3100))).isEmpty();
  }

  @Test
  void keyFramesFurtherApartThanASegmentAreEncoded() {
    Ladder ladder = Ladder.forSource(PHONE_720P);
    assertThat(RungCopy.rungToCopy(PHONE_720P, ladder, keyframes(5, 2000))).isEmpty();
    // One key frame at the start of 12 s: the tail is the gap.
    assertThat(RungCopy.rungToCopy(PHONE_720P, ladder, new KeyframeIndex(List.of(0.0), 3_000_000, 12))).isEmpty();
    // None at the start: a player could not begin.
    assertThat(RungCopy.rungToCopy(PHONE_720P, ladder, new KeyframeIndex(List.of(4.5, 8.0), 3_000_000, 12)))
        .isEmpty();
  }

  @Test
  void onlyInputsTheBlobMayCopyAndThatMatchARung() {
    KeyframeIndex good = keyframes(1, 2000);
    MediaInfo between = phone(960, 540, 30, "High", 0);
    MediaInfo rotated = phone(720, 1280, 30, "High", 90);
    MediaInfo fast = phone(1280, 720, 120, "High", 0);
    MediaInfo tenBit = new MediaInfo("mov,mp4", "h264", 1280, 720, 12, 30, 360, 0, "aac", 2, "yuv420p10le", "High 10");
    MediaInfo vp9 = new MediaInfo("matroska,webm", "vp9", 1280, 720, 12, 30, 360, 0, "opus", 2, "yuv420p", "0");
    for (MediaInfo info : List.of(between, rotated, fast, tenBit, vp9)) {
      assertThat(RungCopy.worthChecking(info, Ladder.forSource(info))).as(info.toString()).isFalse();
      assertThat(RungCopy.rungToCopy(info, Ladder.forSource(info), good)).as(info.toString()).isEmpty();
    }
    assertThat(RungCopy.worthChecking(phone(1080, 1920, 30, "Main", 0), Ladder.forSource(phone(1080, 1920, 30,
        "Main", 0)))).isTrue();
  }

  @Test
  void theLongestGapCountsTheStartAndTheEnd() {
    assertThat(new KeyframeIndex(List.of(0.0, 1.0, 3.5), 0, 4).longestGapSeconds()).isEqualTo(2.5);
    assertThat(new KeyframeIndex(List.of(0.0, 1.0), 0, 6).longestGapSeconds()).isEqualTo(5);
    assertThat(new KeyframeIndex(List.of(), 0, 6).longestGapSeconds()).isEqualTo(6);
    assertThat(new KeyframeIndex(List.of(0.0), 1_000_000, 8).averageKbps()).isEqualTo(1000);
  }
}
