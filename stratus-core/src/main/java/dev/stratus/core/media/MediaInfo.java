package dev.stratus.core.media;

import org.jspecify.annotations.Nullable;

/**
 * What a probe learned about an input. {@code width} and {@code height} are the <em>display</em>
 * size: the coded size with the sample aspect ratio applied and swapped when the rotation is a
 * quarter turn, i.e. what a viewer sees.
 *
 * @param formatName the container as ffprobe names it (e.g. {@code mov,mp4,m4a,3gp,3g2,mj2})
 * @param videoCodec the first video stream's codec (e.g. {@code h264})
 * @param durationSeconds the playable length
 * @param frameRate frames per second of the video stream (average), 0 when unknown
 * @param frameCount frames in the video stream, or an estimate from duration and rate
 * @param rotation degrees clockwise the player must turn the coded picture (0, 90, 180, 270)
 * @param audioCodec the first audio stream's codec, null when there is no audio
 * @param audioChannels channels of that stream, 0 without audio
 * @param pixelFormat the video stream's pixel format (e.g. {@code yuv420p}), null when unknown
 * @param videoProfile the video stream's codec profile (e.g. {@code High}), null when unknown
 */
public record MediaInfo(
    String formatName,
    String videoCodec,
    int width,
    int height,
    double durationSeconds,
    double frameRate,
    long frameCount,
    int rotation,
    @Nullable String audioCodec,
    int audioChannels,
    @Nullable String pixelFormat,
    @Nullable String videoProfile) {

  /** A probe result that does not know the pixel format or profile. */
  public MediaInfo(
      String formatName,
      String videoCodec,
      int width,
      int height,
      double durationSeconds,
      double frameRate,
      long frameCount,
      int rotation,
      @Nullable String audioCodec,
      int audioChannels) {
    this(formatName, videoCodec, width, height, durationSeconds, frameRate, frameCount, rotation, audioCodec,
        audioChannels, null, null);
  }

  public boolean hasAudio() {
    return audioCodec != null;
  }

  public boolean isPortrait() {
    return height > width;
  }

  /** The shorter side of the display size: the "p" in 720p. */
  public int shortSide() {
    return Math.min(width, height);
  }
}
