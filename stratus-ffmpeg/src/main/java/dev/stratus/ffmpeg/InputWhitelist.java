package dev.stratus.ffmpeg;

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

  /** Input options that go before {@code -i}. */
  static List<String> options() {
    return List.of("-protocol_whitelist", "file", "-format_whitelist", FORMATS);
  }
}
