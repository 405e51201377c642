package dev.stratus.core.pipeline;

import java.time.Duration;

/**
 * How fast this node encodes everything of a video, in seconds of video per second of wall time,
 * learnt from its own full encodes (a moving average) from a cautious start. It tells whether a
 * forwarded token leaves time for the full encode before the PDS handoff.
 */
public final class EncodeSpeed {
  // The weight of each new measurement: a few encodes are enough to follow a change of load.
  private static final double WEIGHT = 0.3;
  private double videoSecondsPerSecond;

  /** {@code initial}: the speed assumed before the first encode (0.5: twice the video's length). */
  public EncodeSpeed(double initial) {
    if (!(initial > 0)) {
      throw new IllegalArgumentException("speed must be positive: " + initial);
    }
    this.videoSecondsPerSecond = initial;
  }

  public synchronized void record(double videoSeconds, Duration took) {
    if (videoSeconds <= 0 || took.isZero() || took.isNegative()) {
      return;
    }
    double measured = videoSeconds / (took.toMillis() / 1000.0);
    videoSecondsPerSecond = WEIGHT * measured + (1 - WEIGHT) * videoSecondsPerSecond;
  }

  /** How long a full encode of {@code videoSeconds} of video should take. */
  public synchronized Duration estimate(double videoSeconds) {
    return Duration.ofMillis((long) Math.ceil(videoSeconds / videoSecondsPerSecond * 1000));
  }
}
