package dev.stratus.ffmpeg;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How long a program may run, checked while it runs. Encodes and probes are measured in the CPU
 * time their processes used, where the OS reports it: on a busy machine a program gets less of
 * the CPU and takes longer, and that alone must not turn a good video into a failed one. A
 * wall-clock backstop still ends a program that hangs without using the CPU at all.
 */
@FunctionalInterface
interface RunBudget {
  /** Whether a run of {@code process}, {@code elapsed} after it started, has used its budget up. */
  boolean spent(ProcessHandle process, Duration elapsed);

  /** Only the time since the start counts. */
  static RunBudget wallClock(Duration limit) {
    return (process, elapsed) -> elapsed.compareTo(limit) >= 0;
  }

  /**
   * The CPU time of the process and its descendants counts, up to {@code cpu}, and the time since
   * the start up to {@code backstop}. Where the OS does not report CPU time at all, {@code cpu} is
   * taken as wall-clock time.
   */
  static RunBudget cpuTime(Duration cpu, Duration backstop) {
    return (process, elapsed) -> {
      if (elapsed.compareTo(backstop) >= 0) {
        return true;
      }
      Optional<Duration> used = cpuTimeOf(process);
      if (used.isEmpty()) {
        // Where the OS reports CPU time, a process that tells none has just exited (its exit is
        // the runner's to see); only where it never does does the wall clock stand in for it.
        return !Platform.REPORTS_CPU_TIME && elapsed.compareTo(cpu) >= 0;
      }
      return used.get().compareTo(cpu) >= 0;
    };
  }

  /** What this OS tells about processes, asked once. */
  final class Platform {
    static final boolean REPORTS_CPU_TIME = ProcessHandle.current().info().totalCpuDuration().isPresent();

    private Platform() {}
  }

  /** The CPU time used so far by a live process tree; empty where the OS does not tell. */
  static Optional<Duration> cpuTimeOf(ProcessHandle root) {
    Optional<Duration> own = root.info().totalCpuDuration();
    if (own.isEmpty()) {
      return Optional.empty();
    }
    try (Stream<ProcessHandle> descendants = root.descendants()) {
      return Optional.of(descendants
          .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
          .reduce(own.get(), Duration::plus));
    }
  }
}
