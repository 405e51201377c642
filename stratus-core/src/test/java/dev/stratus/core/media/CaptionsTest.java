package dev.stratus.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Caption files checked as the lexicon bounds them, and the master playlist that offers them. */
class CaptionsTest {
  private static final String MASTER = """
      #EXTM3U
      #EXT-X-VERSION:6
      #EXT-X-STREAM-INF:BANDWIDTH=124832,AVERAGE-BANDWIDTH=91815,RESOLUTION=640x360,CODECS="avc1.64001e"
      360p/video.m3u8

      #EXT-X-STREAM-INF:BANDWIDTH=200032,AVERAGE-BANDWIDTH=159137,RESOLUTION=1280x720,CODECS="avc1.64001f"
      720p/video.m3u8
      """;

  @Test
  void onlySmallUtf8WebVttFilesAreCaptions() {
    assertThat(CaptionFile.check("WEBVTT\n\n00:00.000 --> 00:01.000\nHallo\n".getBytes(StandardCharsets.UTF_8)))
        .startsWith("WEBVTT");
    assertThat(CaptionFile.check("\uFEFFWEBVTT - a title\n".getBytes(StandardCharsets.UTF_8))).startsWith("WEBVTT");
    assertThatThrownBy(() -> CaptionFile.check("1\n00:00:00,000 --> 00:00:01,000\nHi\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("WEBVTT");
    assertThatThrownBy(() -> CaptionFile.check("WEBVTTX\n".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("WEBVTT");
    assertThatThrownBy(() -> CaptionFile.check(new byte[] {'W', 'E', 'B', 'V', 'T', 'T', '\n', (byte) 0xff}))
        .hasMessageContaining("UTF-8");
    byte[] big = ("WEBVTT\n" + "x".repeat(CaptionFile.MAX_BYTES)).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CaptionFile.check(big)).hasMessageContaining("at most 20000");
  }

  @Test
  void theMasterOffersEachLanguageOnEveryVariant() {
    String subtitled = SubtitledMaster.of(MASTER, List.of("en", "pt-BR"));

    assertThat(subtitled).contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",LANGUAGE=\"en\",NAME=\"English\","
        + "AUTOSELECT=YES,DEFAULT=NO,URI=\"subs/en.m3u8\"");
    assertThat(subtitled).contains("LANGUAGE=\"pt-BR\",NAME=\"Portuguese (Brazil)\"");
    assertThat(subtitled.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")))
        .hasSize(2).allSatisfy(l -> assertThat(l).endsWith(",SUBTITLES=\"subs\""));
    // Media lines come before the first variant that names their group.
    assertThat(subtitled.indexOf("#EXT-X-MEDIA")).isLessThan(subtitled.indexOf("#EXT-X-STREAM-INF"));
  }

  @Test
  void writingAgainReplacesTheTracksAndNoneGivesThePlainMaster() {
    String twice = SubtitledMaster.of(SubtitledMaster.of(MASTER, List.of("en", "de")), List.of("de"));

    assertThat(twice.lines().filter(l -> l.startsWith("#EXT-X-MEDIA"))).singleElement().asString().contains("LANGUAGE=\"de\"");
    assertThat(twice).doesNotContain("SUBTITLES=\"subs\",SUBTITLES");
    assertThat(SubtitledMaster.of(twice, List.of())).isEqualTo(MASTER);
  }

  @Test
  void eachTrackIsOnePlaylistOfOneFile() {
    assertThat(SubtitledMaster.trackPlaylist("en", 12.5)).isEqualTo("""
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:13
        #EXT-X-PLAYLIST-TYPE:VOD
        #EXTINF:12.500,
        en.vtt
        #EXT-X-ENDLIST
        """);
    assertThat(SubtitledMaster.playlistPath("pt-BR")).isEqualTo("subs/pt-BR.m3u8");
  }
}
