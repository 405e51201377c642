package dev.stratus.core.media;

/**
 * One encoded video stream: an HLS rung ({@code 360p}, {@code 720p}, {@code 1080p}) or the MP4
 * blob. Sizes are even, as H.264 in 4:2:0 requires.
 *
 * @param name the rung's folder name in the HLS tree, {@code blob} for the MP4
 * @param maxrateKbps the peak video bitrate; it also makes the master playlist's BANDWIDTH honest
 * @param bufsizeKbps the rate-control buffer that enforces {@code maxrateKbps}
 */
public record Rendition(String name, int width, int height, int maxrateKbps, int bufsizeKbps) {
  public Rendition {
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException(
          "rendition " + name + ": size must be positive and even, was " + width + "x" + height);
    }
  }
}
