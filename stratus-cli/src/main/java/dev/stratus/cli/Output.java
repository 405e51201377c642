package dev.stratus.cli;

import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.UploadLimits;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where a client command writes: results on stdout (as text, or as JSON with {@code --json}),
 * progress and failures on stderr, bars only when stderr is a terminal.
 */
final class Output {
  @Option(names = "--json", description = "Print the result as JSON on stdout, for scripts; no progress.")
  boolean json;

  private PrintWriter out;
  private PrintWriter err;
  private boolean terminal;

  /** Binds to the command's writers (which tests replace). */
  Output bind(CommandLine command) {
    this.out = command.getOut();
    this.err = command.getErr();
    this.terminal = Terminal.attached();
    return this;
  }

  /** Progress of sending {@code bytes}, in kB or MB as suits the size. */
  Progress bytes(String task, long bytes) {
    boolean small = bytes < 10_000_000;
    return progress(task, small ? "kB" : "MB", small ? 1_000 : 1_000_000, true);
  }

  /** Progress in percent. */
  Progress percent(String task) {
    return progress(task, "%", 1, false);
  }

  private Progress progress(String task, String unit, long unitSize, boolean showSpeed) {
    if (json) {
      return Progress.none();
    }
    if (terminal) {
      return Progress.bar(task, unit, unitSize, showSpeed);
    }
    return Progress.lines(err, task.toLowerCase(Locale.ROOT));
  }

  /** A note for the person at the terminal (not in JSON mode). */
  void note(String line) {
    if (!json) {
      err.println(line);
      err.flush();
    }
  }

  /** The result: {@code value} as JSON, or {@code text}. */
  void result(Object value, String text) {
    out.println(json ? LexJson.write(value) : text);
    out.flush();
  }

  static String describe(JobStatus status) {
    StringBuilder text = new StringBuilder("job ").append(status.jobId()).append(": ").append(stateWord(status.state()));
    if (status.progress() != null && !status.state().isTerminal()) {
      text.append(' ').append(status.progress()).append('%');
    }
    if (status.blob() != null) {
      text.append(", blob ").append(status.blob().cid()).append(" (").append(status.blob().size()).append(" bytes)");
    }
    if (status.failureCode() != null) {
      text.append(", ").append(status.failureCode().value());
    }
    if (status.message() != null) {
      text.append(": ").append(status.message());
    }
    return text.toString();
  }

  static String describe(UploadLimits limits) {
    String head = limits.canUpload() ? "you can upload" : "you cannot upload now";
    StringBuilder text = new StringBuilder(head);
    if (limits.remainingDailyVideos() != null) {
      text.append("; ").append(limits.remainingDailyVideos()).append(" videos");
      if (limits.remainingDailyBytes() != null) {
        text.append(" and ").append(String.format(Locale.ROOT, "%.1f MB", limits.remainingDailyBytes() / 1e6));
      }
      text.append(" left today");
    }
    if (limits.message() != null) {
      text.append(": ").append(limits.message());
    }
    return text.toString();
  }

  /** {@code JOB_STATE_ENCODING} reads as "encoding"; an unknown state as it was sent. */
  static String stateWord(JobState state) {
    String value = state.value();
    return value.startsWith("JOB_STATE_") ? value.substring("JOB_STATE_".length()).toLowerCase(Locale.ROOT) : value;
  }
}
