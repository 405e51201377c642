package dev.stratus.ffmpeg;

import java.time.Duration;

/**
 * How long ffmpeg may run and how politely. The times are what a run may take on an idle machine
 * of this many cores; they are enforced as CPU time (the time times the cores, as ffmpeg uses them
 * all), so that a busy machine does not fail good videos, with a wall-clock backstop of
 * {@value #BACKSTOP_FACTOR} times the time for a program that hangs.
 *
 * @param probeDeadline how long ffprobe may take to describe an input
 * @param minEncodeDeadline the least time an encode gets, however short the video
 * @param encodeSecondsPerSecond encode time allowed per second of video, beyond the minimum
 * @param niceness the {@code nice} level encodes run at (0 to 19, 0 runs them at normal priority),
 *     so API threads stay responsive while workers encode; ignored without {@code nice}
 */
public record FfmpegSettings(
    Duration probeDeadline,
    Duration minEncodeDeadline,
    double encodeSecondsPerSecond,
    int niceness) {
  public static final FfmpegSettings DEFAULTS =
      new FfmpegSettings(Duration.ofSeconds(30), Duration.ofMinutes(10), 10, 10);

  static final int BACKSTOP_FACTOR = 4;

  public FfmpegSettings {
    if (probeDeadline.isNegative() || probeDeadline.isZero()) {
      throw new IllegalArgumentException("probeDeadline must be positive, was " + probeDeadline);
    }
    if (minEncodeDeadline.isNegative() || minEncodeDeadline.isZero()) {
      throw new IllegalArgumentException(
          "minEncodeDeadline must be positive, was " + minEncodeDeadline);
    }
    if (!(encodeSecondsPerSecond >= 0) || Double.isInfinite(encodeSecondsPerSecond)) {
      throw new IllegalArgumentException(
          "encodeSecondsPerSecond must be 0 or more, was " + encodeSecondsPerSecond);
    }
    if (niceness < 0 || niceness > 19) {
      throw new IllegalArgumentException("niceness must be 0..19, was " + niceness);
    }
  }

  /** The same limits at another {@code nice} level. */
  public FfmpegSettings withNiceness(int level) {
    return new FfmpegSettings(probeDeadline, minEncodeDeadline, encodeSecondsPerSecond, level);
  }

  /** The deadline for encoding a video of this length. */
  public Duration encodeDeadline(double durationSeconds) {
    long scaledMillis = Math.round(Math.max(0, durationSeconds) * encodeSecondsPerSecond * 1000);
    Duration scaled = Duration.ofMillis(scaledMillis);
    return scaled.compareTo(minEncodeDeadline) > 0 ? scaled : minEncodeDeadline;
  }

  /** What one probe may use. */
  RunBudget probeBudget() {
    return budget(probeDeadline);
  }

  /** What an encode given {@code time} (its {@link #encodeDeadline}) may use. */
  RunBudget encodeBudget(Duration time) {
    return budget(time);
  }

  private static RunBudget budget(Duration time) {
    return RunBudget.cpuTime(time.multipliedBy(Runtime.getRuntime().availableProcessors()),
        time.multipliedBy(BACKSTOP_FACTOR));
  }
}
