package dev.stratus.core.media;

import java.util.Set;

/**
 * What an input may be before Stratus spends an encode on it. Sizes are display sizes; the
 * aspect ratio is width ÷ height.
 *
 * @param maxDurationSeconds the longest video accepted (Bluesky: 10 minutes)
 * @param minSide the smallest width or height accepted
 * @param maxSide the largest width or height accepted
 * @param maxFrames the most frames accepted, whatever the duration
 * @param videoCodecs the decoders (ffprobe's {@code codec_name}) trusted with uploads
 * @param maxEncodedBytes the largest MP4 blob Stratus hands on (the lexicon's 300 MB)
 */
public record InputLimits(
    double maxDurationSeconds,
    int minSide,
    int maxSide,
    double minAspectRatio,
    double maxAspectRatio,
    long maxFrames,
    Set<String> videoCodecs,
    long maxEncodedBytes) {

  public static final Set<String> DEFAULT_VIDEO_CODECS =
      Set.of(
          "h264", "hevc", "vp8", "vp9", "av1", "mpeg4", "mpeg1video", "mpeg2video", "prores", "mjpeg", "gif",
          "theora", "h263", "dnxhd", "wmv3", "vc1");

  public static final InputLimits DEFAULTS =
      new InputLimits(600, 16, 8192, 0.25, 4.0, 100_000, DEFAULT_VIDEO_CODECS, 300_000_000L);

  public InputLimits {
    videoCodecs = Set.copyOf(videoCodecs);
  }
}
