package dev.stratus.ffmpeg;

import dev.stratus.core.media.Ladder;
import dev.stratus.core.media.MediaInfo;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Turns ffmpeg's {@code -progress} lines into whole percentages, each reported once and only
 * upward, from 0 to 99; the caller reports 100 once the outputs are checked.
 *
 * <p>Progress is {@code frame=} (frames of the first output's video) over the frames expected. Not
 * {@code out_time_us}: with several outputs it is not the first output's clock; measured, it goes
 * {@code N/A} near the end and falls back to the one-frame thumbnail's 0.03 s.
 */
final class FfmpegProgress implements Consumer<String> {
  private static final String FRAME = "frame=";

  private final long expectedFrames;
  private final IntConsumer sink;
  private int reported = -1;

  /**
   * @param expectedFrames frames the first output will have; 0 or less reports nothing
   */
  FfmpegProgress(long expectedFrames, IntConsumer sink) {
    this.expectedFrames = expectedFrames;
    this.sink = sink;
  }

  /** Frames of the MP4 blob: the source's, or duration times the capped output rate. */
  static long expectedFrames(MediaInfo info, Ladder ladder) {
    if (ladder.frameRate() > 0) {
      return Math.round(info.durationSeconds() * ladder.frameRate());
    }
    if (info.frameCount() > 0) {
      return info.frameCount();
    }
    return Math.round(info.durationSeconds() * info.frameRate());
  }

  @Override
  public void accept(String line) {
    if (expectedFrames <= 0 || !line.startsWith(FRAME)) {
      return;
    }
    long frame;
    try {
      frame = Long.parseLong(line.substring(FRAME.length()).strip());
    } catch (NumberFormatException e) {
      return;
    }
    int percent = (int) Math.max(0, Math.min(99, frame * 100 / expectedFrames));
    if (percent > reported) {
      reported = percent;
      sink.accept(percent);
    }
  }
}
