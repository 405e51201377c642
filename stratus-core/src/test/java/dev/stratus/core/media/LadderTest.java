package dev.stratus.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LadderTest {
  private static MediaInfo video(int width, int height, double fps) {
    return new MediaInfo("mov,mp4", "h264", width, height, 3, fps, (long) (3 * fps), 0, "aac", 2);
  }

  @Test
  void a1080pSourceGetsThreeRungsAndAFullSizeBlob() {
    Ladder ladder = Ladder.forSource(video(1920, 1080, 30));
    assertThat(ladder.renditions())
        .containsExactly(
            new Rendition("360p", 640, 360, 1000, 2000),
            new Rendition("720p", 1280, 720, 3000, 6000),
            new Rendition("1080p", 1920, 1080, 6000, 12000));
    assertThat(ladder.blob()).isEqualTo(new Rendition("blob", 1920, 1080, 6000, 12000));
    assertThat(ladder.frameRate()).isZero();
  }

  @Test
  void theBlobSharesTheEncodeOfTheRungOfItsSizeWhenThereIsOne() {
    assertThat(Ladder.forSource(video(1920, 1080, 30)).blobTwin()).map(Rendition::name).contains("1080p");
    // A 720p blob may peak at 4000 kbit/s; the 720p rung's 3000 stays under it.
    assertThat(Ladder.forSource(video(1280, 720, 30)).blobTwin()).map(Rendition::name).contains("720p");
    // Between rung sizes, or squeezed to fit a PDS: encoded on its own.
    assertThat(Ladder.forSource(video(960, 540, 30)).blobTwin()).isEmpty();
    Ladder hd = Ladder.forSource(video(1280, 720, 30));
    assertThat(hd.withBlob(new Rendition("blob", 1280, 720, 1120, 1120)).blobTwin()).isEmpty();
  }

  @Test
  void smallSourcesAreUpscaledTo360pAnd720pButTheBlobIsNot() {
    Ladder ladder = Ladder.forSource(video(320, 240, 25));
    assertThat(ladder.renditions()).extracting(Rendition::name).containsExactly("360p", "720p");
    assertThat(ladder.renditions().get(1)).isEqualTo(new Rendition("720p", 960, 720, 3000, 6000));
    assertThat(ladder.blob().width()).isEqualTo(320);
    assertThat(ladder.blob().height()).isEqualTo(240);
  }

  @Test
  void portraitRungsAreTall() {
    Ladder ladder = Ladder.forSource(video(1080, 1920, 30));
    assertThat(ladder.renditions()).extracting(r -> r.width() + "x" + r.height())
        .containsExactly("360x640", "720x1280", "1080x1920");
  }

  @Test
  void a4kSourceIsCappedAt1080pAnd60fps() {
    Ladder ladder = Ladder.forSource(video(3840, 2160, 120));
    assertThat(ladder.blob()).isEqualTo(new Rendition("blob", 1920, 1080, 6000, 12000));
    assertThat(ladder.renditions()).hasSize(3);
    assertThat(ladder.frameRate()).isEqualTo(60);
  }

  @Test
  void oddSizesBecomeEven() {
    Ladder ladder = Ladder.forSource(video(641, 359, 30));
    assertThat(ladder.blob().width() % 2).isZero();
    assertThat(ladder.blob().height() % 2).isZero();
    assertThat(ladder.renditions()).allSatisfy(r -> assertThat(r.width() % 2 + r.height() % 2).isZero());
  }
}
