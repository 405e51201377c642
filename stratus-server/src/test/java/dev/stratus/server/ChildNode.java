package dev.stratus.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Stratus node in a process of its own ({@link ServeInChildProcess}), configured by its
 * environment: what it prints is kept line by line, so a test can wait for a moment in its life
 * (its {@code READY} line, a job's progress) and kill it for real.
 */
final class ChildNode {
  private static final long WAIT_SECONDS = 120;
  private final Process process;
  private final BlockingQueue<String> lines;
  private final int port;

  private ChildNode(Process process, BlockingQueue<String> lines, int port) {
    this.process = process;
    this.lines = lines;
    this.port = port;
  }

  /** Starts one and returns once it listens. */
  static ChildNode start(Map<String, String> env) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ServeInChildProcess.class.getName())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(env);
    Process process = builder.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    // Read all it prints, always: a child never blocks on a full pipe.
    Thread.ofPlatform().daemon(true).start(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // The process is gone.
      }
    });
    String ready = await(lines, line -> line.startsWith("READY "), "READY");
    return new ChildNode(process, lines, Integer.parseInt(ready.substring("READY ".length()).trim()));
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  Process process() {
    return process;
  }

  /** Waits for a line containing {@code text} that it printed since the last wait. */
  String awaitLineContaining(String text) throws InterruptedException {
    return await(lines, line -> line.contains(text), "containing \"" + text + "\"");
  }

  /** Waits for a line that {@code wanted} accepts, printed since the last wait. */
  String awaitLine(Predicate<String> wanted) throws InterruptedException {
    return await(lines, wanted, "as wanted");
  }

  /** SIGKILL: no shutdown hook runs, its leases simply stop being renewed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, then waits for the exit. */
  void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  private static String await(BlockingQueue<String> lines, Predicate<String> wanted, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no line " + what + " within " + WAIT_SECONDS + " s");
      }
      if (wanted.test(line)) {
        return line;
      }
    }
  }
}
