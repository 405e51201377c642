package dev.stratus.core.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HLS master playlist with a video's caption tracks as a subtitles group: one
 * {@code #EXT-X-MEDIA:TYPE=SUBTITLES} line per language, and {@code SUBTITLES=} on every variant,
 * so players (hls.js, AVPlayer, ExoPlayer) offer them. Written again whenever the tracks change
 * (captions usually arrive with the post, after the video was encoded): the result never depends
 * on what an earlier call added.
 */
public final class SubtitledMaster {
  /** The group every variant names. */
  static final String GROUP = "subs";
  /** The folder under the video's media folder that holds the subtitle playlists and files. */
  public static final String FOLDER = "subs";
  private static final String MEDIA = "#EXT-X-MEDIA:TYPE=SUBTITLES";
  private static final String VARIANT = "#EXT-X-STREAM-INF:";
  private static final String SUBTITLES_ATTRIBUTE = ",SUBTITLES=\"" + GROUP + "\"";

  private SubtitledMaster() {}

  /**
   * {@code master} with exactly {@code languages} as its subtitle tracks (none: the plain master).
   *
   * @param languages BCP-47 tags, e.g. {@code en}, {@code pt-BR}; the first is not forced on
   */
  public static String of(String master, List<String> languages) {
    List<String> lines = new ArrayList<>();
    for (String line : master.split("\n", -1)) {
      if (line.startsWith(MEDIA)) {
        continue;
      }
      lines.add(line.startsWith(VARIANT) ? line.replace(SUBTITLES_ATTRIBUTE, "") : line);
    }
    if (languages.isEmpty()) {
      return String.join("\n", lines);
    }
    List<String> out = new ArrayList<>();
    boolean added = false;
    for (String line : lines) {
      if (!added && line.startsWith(VARIANT)) {
        for (String language : languages) {
          out.add(media(language));
        }
        added = true;
      }
      out.add(line.startsWith(VARIANT) ? line + SUBTITLES_ATTRIBUTE : line);
    }
    return String.join("\n", out);
  }

  /** The playlist of one language's track: the whole WebVTT file as one segment of the video's length. */
  public static String trackPlaylist(String language, double durationSeconds) {
    long target = Math.max(1, (long) Math.ceil(durationSeconds));
    return "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:" + target + "\n#EXT-X-PLAYLIST-TYPE:VOD\n"
        + String.format(Locale.ROOT, "#EXTINF:%.3f,%n", durationSeconds) + fileName(language) + "\n#EXT-X-ENDLIST\n";
  }

  /** {@code subs/en.m3u8}: where a language's playlist sits, relative to the master. */
  public static String playlistPath(String language) {
    return FOLDER + "/" + language + ".m3u8";
  }

  /** {@code en.vtt}: the caption file's name beside its playlist. */
  public static String fileName(String language) {
    return language + ".vtt";
  }

  private static String media(String language) {
    String name = Locale.forLanguageTag(language).getDisplayName(Locale.ENGLISH);
    return MEDIA + ",GROUP-ID=\"" + GROUP + "\",LANGUAGE=\"" + language + "\",NAME=\""
        + (name.isBlank() ? language : name.replace("\"", "'")) + "\",AUTOSELECT=YES,DEFAULT=NO,URI=\""
        + playlistPath(language) + "\"";
  }
}
