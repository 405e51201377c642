package dev.stratus.testkit.e2e;

import java.util.ArrayList;
import java.util.List;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A Node script run as a child process that announces readiness with one line on stdout and runs
 * until its stdin closes. Both output streams are drained on their own threads (a full pipe would
 * stall the child); stderr is echoed with a prefix and its tail kept for error messages. Because
 * the child watches stdin, it also goes away if this JVM dies without calling {@link #close()}.
 */
final class NodeChild implements AutoCloseable {
  private static final int TAIL_LINES = 60;
  private static final Duration GRACE = Duration.ofSeconds(15);
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  private final String name;
  private final Process process;
  private final CompletableFuture<String> readyLine = new CompletableFuture<>();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final Thread stdoutDrain;
  private final Thread stderrDrain;

  private NodeChild(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdoutDrain = drain(process.getInputStream(), "stdout", this::onStdout, this::onStdoutEnd);
    this.stderrDrain = drain(process.getErrorStream(), "stderr", this::onStderr, () -> {});
  }

  static NodeChild start(Path node, Path dir, String script, List<String> args) throws IOException {
    List<String> argv = new ArrayList<>(List.of(node.toString(), script));
    argv.addAll(args);
    Process process = new ProcessBuilder(argv).directory(dir.toFile()).start();
    return new NodeChild(script, process);
  }

  /**
   * Waits for the first stdout line. If the child exits first or the timeout passes, the child is
   * stopped and the exception carries the tail of its stderr.
   */
  String awaitReadyLine(Duration timeout) throws InterruptedException {
    try {
      return readyLine.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // stdout closed without a line: the child is exiting; let stderr finish before quoting it.
      boolean exited = process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      stderrDrain.join(KILL_WAIT.toMillis());
      String how = exited ? "exited " + process.exitValue() : "closed its stdout";
      close();
      throw new IllegalStateException(name + " " + how + " before it was ready:\n" + stderrTail());
    } catch (InterruptedException e) {
      // No time to wait politely; the caller gets no handle to close it with.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw e;
    } catch (TimeoutException e) {
      close();
      throw new IllegalStateException(
          name + " was not ready after " + timeout.toSeconds() + " s:\n" + stderrTail());
    }
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  String stderrTail() {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  /** Closes stdin (the child's signal to shut down), then escalates to SIGTERM and SIGKILL. */
  @Override
  public void close() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // Already closed, or the child is gone: the waits below cover both.
    }
    if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
      }
    }
    stdoutDrain.join(KILL_WAIT.toMillis());
    stderrDrain.join(KILL_WAIT.toMillis());
  }

  private void onStdout(String line) {
    if (!readyLine.complete(line)) {
      // The protocol allows only the ready line; anything after it is still worth seeing.
      onStderr("(stdout) " + line);
    }
  }

  private void onStdoutEnd() {
    readyLine.completeExceptionally(new IllegalStateException("stdout closed"));
  }

  private void onStderr(String line) {
    synchronized (stderrTail) {
      if (stderrTail.size() == TAIL_LINES) {
        stderrTail.removeFirst();
      }
      stderrTail.addLast(line);
    }
    System.err.println("[" + name + "] " + line);
  }

  private Thread drain(InputStream in, String stream, Consumer<String> sink, Runnable atEnd) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                  sink.accept(line);
                }
              } catch (IOException ignored) {
                // The pipe broke (the child was killed): same as the stream ending.
              } finally {
                atEnd.run();
              }
            },
            name + "-" + stream);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
