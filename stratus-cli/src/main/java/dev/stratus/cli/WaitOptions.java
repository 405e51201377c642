package dev.stratus.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How long a command follows a job before it gives up (the job itself goes on). */
final class WaitOptions {
  @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "30",
      description = "How long to wait for processing (default ${DEFAULT-VALUE} minutes).")
  long minutes = 30;

  Duration limit() {
    return Duration.ofMinutes(minutes);
  }
}
