package dev.stratus.ffmpeg;

import java.util.ArrayList;
import java.util.List;

/**
 * What ffprobe and ffmpeg may open when reading an upload: local files only, and only real video
 * containers. Without the format list a text file probes as "tty" ANSI art (a 640x400 video), and
 * playlist-like demuxers (hls, concat, image2) would follow names inside the upload to other local
 * files.
 */
final class InputWhitelist {
  /**
   * Demuxer names (ffmpeg matches any comma-separated part, so "mov" admits MP4 and QuickTime,
   * "matroska" WebM): Bluesky's accepted types (MP4, MPEG, WebM, QuickTime, GIF) and other common
   * camera and desktop containers.
   */
  static final String FORMATS = "mov,matroska,webm,mpeg,mpegts,avi,flv,asf,ogg,gif";

  private InputWhitelist() {}

  /** Input options that go before {@code -i}, for the probe: any whitelisted container. */
  static List<String> options() {
    return List.of("-protocol_whitelist", "file", "-format_whitelist", FORMATS);
  }

  /**
   * Input options for the runs after the probe: the demuxer pinned ({@code -f}) to the container
   * the probe found, so no run reads the file as anything else (a manifest in disguise, say).
   *
   * @param probedFormat ffprobe's {@code format_name}, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}
   */
  static List<String> pinned(String probedFormat) {
    List<String> allowed = List.of(FORMATS.split(","));
    for (String name : probedFormat.split(",")) {
      if (allowed.contains(name)) {
        List<String> options = new ArrayList<>(options());
        options.addAll(List.of("-f", name));
        return List.copyOf(options);
      }
    }
    throw new IllegalArgumentException("the probe found a container Stratus does not read: " + probedFormat);
  }
}
