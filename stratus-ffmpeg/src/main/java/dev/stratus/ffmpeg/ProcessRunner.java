package dev.stratus.ffmpeg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs one program from an argv (never a shell) to its exit or until its {@link RunBudget} is
 * spent, whichever is first.
 * Stdin is closed at once; stderr is drained into a short tail for error messages; stdout, when
 * wanted, is handed over line by line <em>on the calling thread</em>, so a consumer that throws
 * (e.g. a lost lease while reporting progress) stops the run and its exception reaches the caller.
 * A spent budget, an interrupt or a throwing consumer kills the whole process tree.
 */
final class ProcessRunner {
  static final int STDERR_TAIL_LINES = 20;
  private static final int MAX_LINE_CHARS = 2000;
  // Readers end on EOF once the tree is dead; this only bounds a stray grandchild holding a pipe.
  private static final Duration READER_GRACE = Duration.ofSeconds(5);
  // How often the budget is checked while the program runs quietly.
  private static final long CHECK_MILLIS = 100;

  /**
   * @param exitCode the program's exit status; meaningless when {@code timedOut}
   * @param timedOut the budget was spent and the process tree was killed
   * @param stderrTail the last {@value #STDERR_TAIL_LINES} lines of stderr, oldest first
   */
  record Result(int exitCode, boolean timedOut, List<String> stderrTail) {
    Result {
      stderrTail = List.copyOf(stderrTail);
    }

    boolean succeeded() {
      return !timedOut && exitCode == 0;
    }

    /** The line that usually says what went wrong, or an empty string when stderr was silent. */
    String lastStderrLine() {
      return stderrTail.isEmpty() ? "" : stderrTail.get(stderrTail.size() - 1);
    }
  }

  private final Map<String, String> env;

  /**
   * @param env variables added to this JVM's environment for every program run
   */
  ProcessRunner(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Runs {@code argv} with stdout discarded, for at most {@code deadline} of wall-clock time. */
  Result run(List<String> argv, Duration deadline) throws IOException, InterruptedException {
    return run(argv, RunBudget.wallClock(deadline), null);
  }

  /**
   * Runs {@code argv}, giving each stdout line to {@code stdoutLines} on this thread.
   *
   * @throws IOException when the program cannot be started
   * @throws InterruptedException when this thread is interrupted; the process is killed first
   */
  Result run(List<String> argv, RunBudget budget, @Nullable Consumer<String> stdoutLines)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().putAll(env);
    if (stdoutLines == null) {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    Process process = builder.start();
    Watch watch = new Watch(budget, process.toHandle(), System.nanoTime());
    boolean exited = false;
    try {
      process.getOutputStream().close();
      Tail tail = new Tail();
      Thread stderr = drain(process.getErrorStream(), "stderr", tail::add, () -> {});
      boolean inTime = true;
      if (stdoutLines != null) {
        // Optional.empty() marks the end of stdout.
        BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
        drain(
            process.getInputStream(),
            "stdout",
            line -> lines.add(Optional.of(line)),
            () -> lines.add(Optional.empty()));
        inTime = deliver(lines, watch, stdoutLines);
      }
      if (inTime) {
        exited = waitForExit(process, watch);
      }
      if (!exited) {
        killTree(process);
        process.waitFor();
      }
      stderr.join(READER_GRACE);
      return new Result(exited ? process.exitValue() : -1, !exited, tail.lines());
    } finally {
      if (!exited) {
        killTree(process);
      }
    }
  }

  /** Hands stdout lines to the consumer until stdout ends (true) or the budget is spent (false). */
  private static boolean deliver(BlockingQueue<Optional<String>> lines, Watch watch, Consumer<String> consumer)
      throws InterruptedException {
    while (!watch.spent()) {
      Optional<String> line = lines.poll(CHECK_MILLIS, TimeUnit.MILLISECONDS);
      if (line == null) {
        continue;
      }
      if (line.isEmpty()) {
        return true;
      }
      consumer.accept(line.get());
    }
    return false;
  }

  /** Waits for the program's exit (true) unless the budget is spent first (false). */
  private static boolean waitForExit(Process process, Watch watch) throws InterruptedException {
    while (!watch.spent()) {
      if (process.waitFor(CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A run's budget against the time since its start, asked at most every {@value #CHECK_MILLIS}
   * ms: a CPU-time budget reads the process table, and progress lines arrive more often than that.
   */
  private static final class Watch {
    private final RunBudget budget;
    private final ProcessHandle process;
    private final long startedNanos;
    private long nextCheckNanos;

    Watch(RunBudget budget, ProcessHandle process, long startedNanos) {
      this.budget = budget;
      this.process = process;
      this.startedNanos = startedNanos;
      this.nextCheckNanos = startedNanos;
    }

    boolean spent() {
      long now = System.nanoTime();
      if (now < nextCheckNanos) {
        return false;
      }
      nextCheckNanos = now + TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS);
      // A program that has exited spends nothing more; its exit is collected next.
      return process.isAlive() && budget.spent(process, Duration.ofNanos(now - startedNanos));
    }
  }

  private static Thread drain(
      InputStream stream, String name, Consumer<String> sink, Runnable atEnd) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  sink.accept(
                      line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) : line);
                }
              } catch (IOException | UncheckedIOException e) {
                // The pipe closed under us because the process was killed: nothing more to read.
              } finally {
                atEnd.run();
              }
            },
            "process-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void killTree(Process process) {
    // Snapshot first: once the parent dies its children are re-parented and no longer listed.
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  /** The last lines of a stream, written by its reader thread and read by the caller. */
  private static final class Tail {
    private final ArrayDeque<String> lines = new ArrayDeque<>();

    synchronized void add(String line) {
      if (lines.size() == STDERR_TAIL_LINES) {
        lines.removeFirst();
      }
      lines.addLast(line);
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }
  }
}
