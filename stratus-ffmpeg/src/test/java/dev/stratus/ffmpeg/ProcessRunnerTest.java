package dev.stratus.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Runs real processes via /bin/sh (test scripts only: the runner itself never uses a shell). */
class ProcessRunnerTest {
  private static final RunBudget LONG = RunBudget.wallClock(Duration.ofSeconds(30));
  private final ProcessRunner runner = new ProcessRunner(Map.of("STRATUS_TEST_VALUE", "hello"));
  private final List<String> stdout = new CopyOnWriteArrayList<>();

  @Test
  void returnsExitCodeStdoutLinesAndTheLastStderrLines() throws Exception {
    ProcessRunner.Result result =
        runner.run(
            sh(
                "for i in $(seq 1 50); do echo line$i >&2; done; echo \"$STRATUS_TEST_VALUE\"; "
                    + "echo out2; exit 3"),
            LONG,
            stdout::add);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.timedOut()).isFalse();
    assertThat(result.succeeded()).isFalse();
    assertThat(stdout).containsExactly("hello", "out2");
    assertThat(result.stderrTail())
        .containsExactlyElementsOf(
            IntStream.rangeClosed(31, 50).mapToObj(i -> "line" + i).toList());
    assertThat(result.lastStderrLine()).isEqualTo("line50");
  }

  @Test
  void stdinIsClosedSoReadersSeeEndOfInput() throws Exception {
    ProcessRunner.Result result = runner.run(List.of("cat"), LONG, stdout::add);

    assertThat(result.succeeded()).isTrue();
    assertThat(stdout).isEmpty();
  }

  @Test
  void aSpentBudgetKillsTheWholeTree() throws Exception {
    // Spent as soon as both PIDs are known, whatever the machine's speed.
    ProcessRunner.Result result =
        runner.run(sh("echo $$; sleep 60 & echo $!; wait"), (process, elapsed) -> stdout.size() == 2, stdout::add);

    assertThat(result.timedOut()).isTrue();
    assertThat(result.succeeded()).isFalse();
    assertThat(stdout).hasSize(2);
    for (String pid : stdout) {
      assertDead(Long.parseLong(pid));
    }
  }

  @Test
  void deadlineAppliesWithoutAStdoutConsumerToo() throws Exception {
    ProcessRunner.Result result = runner.run(List.of("sleep", "60"), Duration.ofMillis(200));

    assertThat(result.timedOut()).isTrue();
  }

  @Test
  void aCpuBudgetIsNotSpentByWaiting() throws Exception {
    // A second of sleep uses almost no CPU: waiting, as on a busy machine, is not working.
    ProcessRunner.Result result = runner.run(
        sh("sleep 1; echo done"), RunBudget.cpuTime(Duration.ofMillis(200), Duration.ofSeconds(60)), stdout::add);

    assertThat(result.succeeded()).as(result.toString()).isTrue();
    assertThat(stdout).containsExactly("done");
  }

  @Test
  void aCpuBudgetIsSpentByWorking() throws Exception {
    ProcessRunner.Result result = runner.run(
        sh("echo $$; while :; do :; done"), RunBudget.cpuTime(Duration.ofMillis(300), Duration.ofSeconds(60)),
        stdout::add);

    assertThat(result.timedOut()).isTrue();
    for (String pid : stdout) {
      assertDead(Long.parseLong(pid));
    }
  }

  @Test
  void interruptingTheCallerKillsTheTreeAndRethrows() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                runner.run(
                    sh("echo $$; sleep 60 & echo $!; wait"),
                    LONG,
                    line -> {
                      stdout.add(line);
                      started.countDown();
                    });
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    caller.start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    caller.interrupt();
    caller.join(Duration.ofSeconds(10));

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    for (String pid : stdout) {
      assertDead(Long.parseLong(pid));
    }
  }

  @Test
  void aThrowingConsumerStopsTheRunAndItsExceptionReachesTheCaller() {
    assertThatThrownBy(
            () ->
                runner.run(
                    sh("echo first; sleep 60"),
                    LONG,
                    line -> {
                      throw new IllegalStateException("lease lost at " + line);
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("lease lost at first");
  }

  @Test
  void aProgramThatCannotStartIsAnIOException() {
    assertThatThrownBy(() -> runner.run(List.of("/nonexistent/ffmpeg", "-version"), Duration.ofSeconds(30)))
        .isInstanceOf(IOException.class);
  }

  private static List<String> sh(String script) {
    return List.of("/bin/sh", "-c", script);
  }

  /**
   * Dead means gone or a zombie. Zombies count because orphans are re-parented to PID 1, which in
   * some containers never reaps them (and the JVM may then never see them exit). The kill is
   * asynchronous, so this waits for the exit first.
   */
  private static void assertDead(long pid) throws Exception {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isPresent()) {
      try {
        handle.get().onExit().get(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // Still listed: alive, or an unreaped zombie; /proc tells which.
      }
    }
    assertThat(running(pid)).as("process %d is still running", pid).isFalse();
  }

  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }
}
