package dev.stratus.server;

import dev.stratus.ffmpeg.FfmpegBinaries;
import java.time.Duration;

/** Whether ffmpeg still starts, asked at most once per interval (each ask starts a process). */
final class FfmpegCheck {
  private final FfmpegBinaries binaries;
  private final long intervalNanos;
  private long checkedAt;
  private boolean everChecked;
  private RuntimeException lastFailure;

  FfmpegCheck(FfmpegBinaries binaries, Duration interval) {
    this.binaries = binaries;
    this.intervalNanos = interval.toNanos();
  }

  /** Returns when ffmpeg runs; throws why it does not. */
  synchronized void check() {
    long now = System.nanoTime();
    if (!everChecked || now - checkedAt > intervalNanos) {
      everChecked = true;
      checkedAt = now;
      try {
        binaries.checked();
        lastFailure = null;
      } catch (RuntimeException e) {
        lastFailure = e;
      }
    }
    if (lastFailure != null) {
      throw lastFailure;
    }
  }
}
