package dev.stratus.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HlsPlaylistsTest {
  private static final String GROWING = """
      #EXTM3U
      #EXT-X-VERSION:6
      #EXT-X-TARGETDURATION:1
      #EXT-X-MEDIA-SEQUENCE:0
      #EXT-X-PLAYLIST-TYPE:EVENT
      #EXT-X-INDEPENDENT-SEGMENTS
      #EXTINF:1.000000,
      video0.ts
      #EXTINF:1.000000,
      video1.ts
      """;
  private static final String ENDED = """
      #EXTM3U
      #EXT-X-VERSION:6
      #EXT-X-TARGETDURATION:4
      #EXT-X-MEDIA-SEQUENCE:0
      #EXT-X-PLAYLIST-TYPE:EVENT
      #EXT-X-INDEPENDENT-SEGMENTS
      #EXTINF:1.000000,
      video0.ts
      #EXTINF:4.000000,
      video1.ts
      #EXTINF:2.500000,
      video2.ts
      #EXT-X-ENDLIST
      """;

  @Test
  void readsSegmentsLengthAndWhetherItEnded() {
    assertThat(HlsPlaylists.segments(GROWING)).containsExactly("video0.ts", "video1.ts");
    assertThat(HlsPlaylists.isFinished(GROWING)).isFalse();
    assertThat(HlsPlaylists.isFinished(ENDED)).isTrue();
    assertThat(HlsPlaylists.durationSeconds(ENDED)).isEqualTo(7.5);
  }

  @Test
  void aGrowingPlaylistDeclaresTheFullTargetDurationFromTheStart() {
    assertThat(HlsPlaylists.growing(GROWING))
        .contains("#EXT-X-TARGETDURATION:4\n")
        .doesNotContain("#EXT-X-TARGETDURATION:1")
        .contains("#EXT-X-PLAYLIST-TYPE:EVENT");
    assertThat(HlsPlaylists.growing(ENDED)).isEqualTo(ENDED);
  }

  @Test
  void anEndedPlaylistBecomesVodAndOneStillGrowingCannot() {
    assertThat(HlsPlaylists.finished(ENDED))
        .contains("#EXT-X-PLAYLIST-TYPE:VOD")
        .doesNotContain("EVENT")
        .endsWith("#EXT-X-ENDLIST\n");
    assertThatThrownBy(() -> HlsPlaylists.finished(GROWING)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void captionLanguageTagsAreCheckedBeforeTheyNameFiles() {
    assertThat(CaptionFile.isLanguageTag("en")).isTrue();
    assertThat(CaptionFile.isLanguageTag("pt-BR")).isTrue();
    assertThat(CaptionFile.isLanguageTag("zh-Hant-TW")).isTrue();
    assertThat(CaptionFile.isLanguageTag("../en")).isFalse();
    assertThat(CaptionFile.isLanguageTag("en.m3u8")).isFalse();
    assertThat(CaptionFile.isLanguageTag("e")).isFalse();
    assertThat(CaptionFile.isLanguageTag("x".repeat(40))).isFalse();
  }

  private static String vod(double... lengths) {
    StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:5\n");
    for (int i = 0; i < lengths.length; i++) {
      playlist.append("#EXTINF:").append(lengths[i]).append(",\nvideo").append(i).append(".ts\n");
    }
    return playlist.append("#EXT-X-ENDLIST\n").toString();
  }

  @Test
  void renditionsAreAlignedWhenTheyCutAtTheSameInstants() {
    assertThat(HlsPlaylists.segmentSeconds(vod(4.7, 3.833333, 1.5))).containsExactly(4.7, 3.833333, 1.5);
    assertThat(HlsPlaylists.aligned(java.util.List.of(vod(4.7, 3.833333, 1.5), vod(4.7, 3.833334, 1.5)), 0.02))
        .isTrue();
    // One cut a second later: the drift shows, even though the totals agree.
    assertThat(HlsPlaylists.aligned(java.util.List.of(vod(4, 4, 2), vod(5, 3, 2)), 0.02)).isFalse();
    assertThat(HlsPlaylists.aligned(java.util.List.of(vod(4, 4, 2), vod(4, 6)), 0.02)).isFalse();
  }
}
