package dev.stratus.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops encoders that a killed Stratus left running. A JVM killed with SIGKILL cannot take its
 * ffmpeg children along; they would go on burning CPU and writing into the old workspace. At
 * start, before any job resumes, every process whose command line names this data folder's
 * workspace is ended.
 */
final class OrphanEncoders {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanEncoders.class);

  private OrphanEncoders() {}

  /** Ends the processes working under {@code workRoot}; returns how many there were. */
  static int stop(Path workRoot) {
    String marker = workRoot.toAbsolutePath().normalize() + "/";
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> orphans =
        ProcessHandle.allProcesses()
            .filter(p -> p.pid() != self)
            .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false))
            .toList();
    for (ProcessHandle orphan : orphans) {
      LOG.warn("stopping encoder {} left running by an earlier run: {}", orphan.pid(),
          orphan.info().command().orElse("?"));
      orphan.destroyForcibly();
    }
    for (ProcessHandle orphan : orphans) {
      try {
        orphan.onExit().get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("encoder {} did not stop: {}", orphan.pid(), e.toString());
      }
    }
    return orphans.size();
  }
}
