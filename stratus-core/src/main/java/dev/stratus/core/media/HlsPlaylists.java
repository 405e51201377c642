package dev.stratus.core.media;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and adjusts the rendition playlists ffmpeg writes: which segments one lists, whether it is
 * finished, and the two rewrites a growing ladder needs (a fixed target duration while it grows, a
 * {@code VOD} type once it ended).
 */
public final class HlsPlaylists {
  private static final String END = "#EXT-X-ENDLIST";
  private static final Pattern TARGET = Pattern.compile("(?m)^#EXT-X-TARGETDURATION:(\\d+)$");
  private static final Pattern SEGMENT_LENGTH = Pattern.compile("(?m)^#EXTINF:([0-9.]+)");

  private HlsPlaylists() {}

  /** The segment files a playlist lists, in order. */
  public static List<String> segments(String playlist) {
    List<String> names = new ArrayList<>();
    for (String line : playlist.split("\n")) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        names.add(name);
      }
    }
    return names;
  }

  /** Whether the playlist is complete ({@code #EXT-X-ENDLIST}): it will not change again. */
  public static boolean isFinished(String playlist) {
    return playlist.contains(END);
  }

  /** The playlist's length in seconds: the sum of its segments' durations. */
  public static double durationSeconds(String playlist) {
    return segmentSeconds(playlist).stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Each segment's duration, in order. */
  public static List<Double> segmentSeconds(String playlist) {
    List<Double> lengths = new ArrayList<>();
    Matcher length = SEGMENT_LENGTH.matcher(playlist);
    while (length.find()) {
      lengths.add(Double.parseDouble(length.group(1)));
    }
    return lengths;
  }

  /**
   * Whether rendition playlists cut the video at the same instants (within {@code toleranceSeconds}
   * per cut), so a player can switch between them at any segment boundary.
   */
  public static boolean aligned(List<String> playlists, double toleranceSeconds) {
    List<Double> first = segmentSeconds(playlists.getFirst());
    for (String other : playlists.subList(1, playlists.size())) {
      List<Double> lengths = segmentSeconds(other);
      if (lengths.size() != first.size()) {
        return false;
      }
      double drift = 0;
      for (int i = 0; i < lengths.size(); i++) {
        drift += lengths.get(i) - first.get(i);
        if (Math.abs(drift) > toleranceSeconds) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * A growing playlist as served: ffmpeg declares the longest segment so far as the target
   * duration, which would grow from 1 to {@value MediaLayout#SEGMENT_SECONDS} as the short first
   * segments give way to full ones; HLS forbids a live playlist's target duration to change, so it
   * is declared at the full length from the start.
   */
  public static String growing(String playlist) {
    Matcher target = TARGET.matcher(playlist);
    if (!target.find() || Integer.parseInt(target.group(1)) >= MediaLayout.SEGMENT_SECONDS) {
      return playlist;
    }
    return target.replaceFirst("#EXT-X-TARGETDURATION:" + MediaLayout.SEGMENT_SECONDS);
  }

  /** A growing playlist that ended, as the {@code VOD} playlist it now is. */
  public static String finished(String playlist) {
    if (!isFinished(playlist)) {
      throw new IllegalArgumentException("the playlist has not ended");
    }
    return growing(playlist).replace("#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-PLAYLIST-TYPE:VOD");
  }
}
