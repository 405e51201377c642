package dev.stratus.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlobFitTest {
  private static final MediaInfo HD_30S =
      new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", "h264", 1280, 720, 30.0, 30, 900, 0, "aac", 2);

  @Test
  void aLimitTheVideoCanMeetAtItsSizeKeepsTheSizeAndCapsThePeakRate() {
    Rendition blob = BlobFit.within(5_242_880, HD_30S, Ladder.forSource(HD_30S)).orElseThrow();
    assertThat(blob.width()).isEqualTo(1280);
    assertThat(blob.height()).isEqualTo(720);
    // (5 MiB × 8 × 0.92 − 128 kbit/s × 30 s) over 31 s: the stream stays under the limit.
    assertThat(blob.maxrateKbps()).isEqualTo(1120);
    assertThat(blob.bufsizeKbps()).isEqualTo(1120);
    long worstCase = (long) ((blob.maxrateKbps() * 1000.0 * 31 + 128_000.0 * 30) / 8);
    assertThat(worstCase).isLessThan(5_242_880);
  }

  @Test
  void aTighterLimitStepsTheSizeDownUntilThePictureIsWatchable() {
    Rendition blob = BlobFit.within(2_097_152, HD_30S, Ladder.forSource(HD_30S)).orElseThrow();
    assertThat(blob.width() + "x" + blob.height()).isEqualTo("640x360");
    assertThat(blob.maxrateKbps()).isEqualTo(374);
  }

  @Test
  void aLimitNoWatchableBlobMeetsGivesNoneAndSaysWhatWouldDo() {
    Ladder ladder = Ladder.forSource(HD_30S);
    assertThat(BlobFit.within(50_000, HD_30S, ladder)).isEmpty();
    long needed = BlobFit.smallestWatchable(HD_30S, ladder);
    assertThat(needed).isBetween(700_000L, 900_000L);
    assertThat(BlobFit.within(needed, HD_30S, ladder)).isPresent();
    assertThat(BlobFit.within(needed * 9 / 10, HD_30S, ladder)).isEmpty();
  }

  @Test
  void aRoomyLimitNeverRaisesTheBlobsOwnPeakRate() {
    Ladder ladder = Ladder.forSource(HD_30S);
    Rendition blob = BlobFit.within(100_000_000, HD_30S, ladder).orElseThrow();
    assertThat(blob.width()).isEqualTo(ladder.blob().width());
    assertThat(blob.height()).isEqualTo(ladder.blob().height());
    assertThat(blob.maxrateKbps()).isEqualTo(ladder.blob().maxrateKbps());
  }
}
