package dev.stratus.server;

import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.media.MediaFixtures;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark behind {@code bench/status-reads.sh} (not part of the test suite: its name matches
 * neither *Test nor *IT): what one {@code getJobStatus} costs the server in heap allocation and
 * time, beside {@code /_health} (the least any request costs) on the same server. The client keeps
 * one connection open and reuses its buffers, so what is allocated is, within a few bytes, the
 * server's. Results go to the file named by {@code -Dstratus.bench.out}.
 */
class StatusReadBench {
  private static final int WARM_UP = 20_000;
  private static final int MEASURED = 50_000;
  private static final String DID = "did:plc:statusreadbench";

  @TempDir Path dir;

  @Test
  @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
  void statusReadsAgainstHealth() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).noAudio(dir.resolve("clip.mp4"), 1);
    try (TestServer server = TestServer.start(dir.resolve("data"), Map.of())) {
      JobStatus job = server.client(TestServer.devToken(DID, Nsid.REPO_UPLOAD_BLOB)).uploadVideo(DID, clip, "video/mp4");
      server.drain();
      if (server.client.getJobStatus(job.jobId()).state() != JobState.COMPLETED) {
        throw new IllegalStateException("the job did not complete");
      }
      String status = Nsid.path(Nsid.GET_JOB_STATUS) + "?jobId=" + job.jobId();
      StringBuilder out = new StringBuilder();
      out.append("| request | bytes allocated per request | µs per request (one connection, sequential) |\n");
      out.append("|---|---|---|\n");
      try (KeepAlive health = new KeepAlive(server.services.port(), "/_health");
          KeepAlive reads = new KeepAlive(server.services.port(), status)) {
        health.run(WARM_UP);
        reads.run(WARM_UP);
        Measured h = measure(health);
        Measured s = measure(reads);
        out.append(row("`/_health`", h)).append(row("`getJobStatus` (a completed job)", s));
        out.append(String.format(Locale.ROOT, "%n`getJobStatus` allocates %.1f× what `/_health` does and takes %.2f× its time.%n",
            (double) s.bytes / h.bytes, s.micros / h.micros));
      }
      System.out.print(out);
      String target = System.getProperty("stratus.bench.out");
      if (target != null) {
        Files.writeString(Path.of(target), out);
      }
    }
  }

  private record Measured(long bytes, double micros) {}

  private static String row(String name, Measured m) {
    return String.format(Locale.ROOT, "| %s | %,d | %.1f |%n", name, m.bytes, m.micros);
  }

  private static Measured measure(KeepAlive client) throws IOException {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getTotalThreadAllocatedBytes();
    long started = System.nanoTime();
    client.run(MEASURED);
    long nanos = System.nanoTime() - started;
    long allocated = threads.getTotalThreadAllocatedBytes() - before;
    return new Measured(allocated / MEASURED, nanos / 1000.0 / MEASURED);
  }
}
