package dev.stratus.core.media;

import java.util.List;

/**
 * Where a video stream's key frames fall and how many bytes the stream holds, read from its
 * packets without decoding: what {@link RungCopy} needs to know whether the stream can be cut into
 * HLS segments as it is.
 *
 * @param keyframeSeconds the key frames' presentation times, in order
 * @param videoBytes the video stream's total size
 * @param durationSeconds the video's length
 */
public record KeyframeIndex(List<Double> keyframeSeconds, long videoBytes, double durationSeconds) {
  public KeyframeIndex {
    keyframeSeconds = List.copyOf(keyframeSeconds);
  }

  /**
   * The longest stretch without a key frame, counting from the start and up to the end: a video
   * whose first frame is no key frame, or that has none, has its whole start (or length) as a gap.
   */
  public double longestGapSeconds() {
    if (keyframeSeconds.isEmpty()) {
      return durationSeconds;
    }
    double longest = keyframeSeconds.getFirst();
    for (int i = 1; i < keyframeSeconds.size(); i++) {
      longest = Math.max(longest, keyframeSeconds.get(i) - keyframeSeconds.get(i - 1));
    }
    return Math.max(longest, durationSeconds - keyframeSeconds.getLast());
  }

  /** The video stream's average bitrate, in kbit/s. */
  public double averageKbps() {
    return durationSeconds > 0 ? videoBytes * 8 / durationSeconds / 1000 : Double.POSITIVE_INFINITY;
  }
}
