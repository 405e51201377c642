package dev.stratus.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how far a step has come: a bar on a terminal, a line per tenth otherwise (a log, a pipe,
 * CI), nothing for {@code --json}. Safe to update from several threads.
 */
interface Progress extends AutoCloseable {
  /** Moves to {@code done} of {@code total}; {@code label} says what is happening now, if anything. */
  void update(long done, long total, String label);

  @Override
  void close();

  static Progress none() {
    return new Progress() {
      @Override
      public void update(long done, long total, String label) {}

      @Override
      public void close() {}
    };
  }

  /**
   * A bar on the terminal (written to stderr); {@code unitSize} counted things per shown unit (a
   * million bytes for MB), with the speed when it means something (bytes, not percent).
   */
  static Progress bar(String task, String unit, long unitSize, boolean showSpeed) {
    ProgressBarBuilder builder = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(1)
        .setUnit(unit, unitSize)
        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK);
    if (showSpeed) {
      builder.showSpeed();
    }
    ProgressBar bar = builder.build();
    return new Progress() {
      @Override
      public void update(long done, long max, String label) {
        synchronized (bar) {
          bar.maxHint(max);
          bar.stepTo(done);
          bar.setExtraMessage(label.isEmpty() ? "" : " " + label);
        }
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }

  /** Plain lines: "task: 40% label", printed when the tenth or the label changes. */
  static Progress lines(PrintWriter err, String task) {
    return new Progress() {
      private int lastTenth = -1;
      private String lastLabel = "";

      @Override
      public synchronized void update(long done, long total, String label) {
        int percent = total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
        if (percent / 10 != lastTenth || !label.equals(lastLabel)) {
          lastTenth = percent / 10;
          lastLabel = label;
          err.println(task + ": " + percent + "%" + (label.isEmpty() ? "" : " " + label));
          err.flush();
        }
      }

      @Override
      public void close() {}
    };
  }
}
