package dev.stratus.server;

import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.jdbc.JdbcJobStore;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.media.MediaFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark behind {@code bench/status-load.sh} (not part of the test suite: its name matches
 * neither *Test nor *IT): {@code getJobStatus} under 50 concurrent kept-alive connections with
 * 100,000 jobs in the embedded store, beside {@code /_health} on the same server, then again while
 * two uploads encode. Results go to the file named by {@code -Dstratus.bench.out}.
 */
class StatusLoadBench {
  private static final int CONNECTIONS = 50;
  private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final long MEASURE_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final int HISTORY = 100_000;
  private static final int ROUNDS = 9;

  @TempDir Path dir;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void statusReadsUnderLoad() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    try (JdbcJobStore store = JdbcJobStore.sqlite(data.resolve("stratus.db"), Clock.systemUTC());
        Connection c = DriverManager.getConnection(JdbcJobStore.sqliteUrl(data.resolve("stratus.db")))) {
      ClaimBench.fillFinished(c, StatusLoadBench::jobId);
    }
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    MediaFixtures fixtures = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env());
    // Noisy and over the 720p rung's cap: no fast path, each encode takes about a minute of CPU.
    Path clip = fixtures.noisy720p(dir.resolve("a.mp4"), 40);
    StringBuilder out = new StringBuilder();
    out.append("| requests (50 connections, 10 s) | requests/s | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
    try (TestServer server = TestServer.start(data, Map.of("STRATUS_WORKERS", "2"))) {
      int port = server.services.port();
      String status = Nsid.path(Nsid.GET_JOB_STATUS) + "?jobId=";
      Paths health = i -> "/_health";
      Paths reads = i -> status + jobId(i * 1999 % HISTORY);
      // One round of each first, not counted: both paths compiled before either is measured (the
      // first round of /_health used to run at half the speed of the later ones).
      load(port, health);
      load(port, reads);
      // Alternated, and the ratio taken within each pair of rounds: on a shared machine the speed
      // of both can drift by a third within a minute, which a ratio of rounds minutes apart shows.
      List<Load> healthRounds = new ArrayList<>();
      List<Load> readRounds = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        healthRounds.add(load(port, health));
        readRounds.add(load(port, reads));
        ratios.add(readRounds.getLast().perSecond() / healthRounds.getLast().perSecond());
      }
      out.append(median(healthRounds).row("`/_health`"))
          .append(median(readRounds).row("`getJobStatus`, 100,000 jobs stored"));

      List<JobStatus> encodes = new ArrayList<>();
      for (String did : List.of("did:plc:loadbench1", "did:plc:loadbench2")) {
        encodes.add(server.client(TestServer.devToken(did, Nsid.REPO_UPLOAD_BLOB)).uploadVideo(did, clip, "video/mp4"));
      }
      awaitEncoding(server, encodes);
      Load busy = load(port, reads);
      for (JobStatus job : encodes) {
        if (server.client.getJobStatus(job.jobId()).state() != JobState.ENCODING) {
          throw new IllegalStateException("an encode ended before the measurement did; use a longer clip");
        }
      }
      out.append(busy.row("`getJobStatus` while two uploads encode"));
      ratios.sort(null);
      out.append(String.format(Locale.ROOT,
          "%n`getJobStatus` ÷ `/_health` requests per second, the median of the rounds' ratios: **%.2f** (%s).%n",
          ratios.get(ratios.size() / 2), ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList()));
      out.append(String.format(Locale.ROOT, "Each round's requests/s, `/_health` then `getJobStatus`: %s.%n",
          rounds(healthRounds, readRounds)));
      server.drain();
    }
    System.out.print(out);
    String target = System.getProperty("stratus.bench.out");
    if (target != null) {
      Files.writeString(Path.of(target), out);
    }
  }

  /** The round of median speed (of an odd number). */
  private static Load median(List<Load> rounds) {
    List<Load> sorted = new ArrayList<>(rounds);
    sorted.sort(java.util.Comparator.comparingLong(Load::requests));
    return sorted.get(sorted.size() / 2);
  }

  private static String rounds(List<Load> health, List<Load> reads) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < health.size(); i++) {
      text.append(i == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%,.0f / %,.0f",
          health.get(i).perSecond(), reads.get(i).perSecond()));
    }
    return text.toString();
  }

  /** A job id of the service's syntax (26 of 0-9a-v) for the {@code i}th stored job. */
  private static String jobId(int i) {
    return String.format(Locale.ROOT, "%026d", i);
  }

  /** Waits (on the server's own status answers, a poll every 100 ms) until both jobs are encoding. */
  private static void awaitEncoding(TestServer server, List<JobStatus> jobs) throws Exception {
    for (JobStatus job : jobs) {
      CountDownLatch never = new CountDownLatch(1);
      while (server.client.getJobStatus(job.jobId()).state() != JobState.ENCODING) {
        never.await(100, TimeUnit.MILLISECONDS);
      }
    }
  }

  private interface Paths {
    String of(int connection);
  }

  private record Load(long requests, long[] nanos) {
    double perSecond() {
      return requests / (MEASURE_NANOS / 1e9);
    }

    String row(String name) {
      return String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.2f |%n", name, perSecond(),
          nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6, nanos[nanos.length - 1] / 1e6);
    }
  }

  /**
   * {@value #CONNECTIONS} threads, each on its own kept-alive connection sending one GET after
   * another: a warm-up, then every request's latency recorded for the measured window.
   */
  private static Load load(int port, Paths paths) throws Exception {
    long[][] perThread = new long[CONNECTIONS][];
    int[] counts = new int[CONNECTIONS];
    Thread[] threads = new Thread[CONNECTIONS];
    Exception[] failure = new Exception[1];
    long warmUntil = System.nanoTime() + WARM_UP_NANOS;
    long until = warmUntil + MEASURE_NANOS;
    for (int t = 0; t < CONNECTIONS; t++) {
      int index = t;
      threads[t] = Thread.ofPlatform().start(() -> {
        long[] latencies = new long[1 << 16];
        int n = 0;
        try (KeepAlive client = new KeepAlive(port, paths.of(index))) {
          long now;
          while ((now = System.nanoTime()) < until) {
            client.run(1);
            long took = System.nanoTime() - now;
            if (now >= warmUntil) {
              if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
              }
              latencies[n++] = took;
            }
          }
        } catch (Exception e) {
          synchronized (failure) {
            failure[0] = e;
          }
        }
        perThread[index] = latencies;
        counts[index] = n;
      });
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < CONNECTIONS; t++) {
      System.arraycopy(perThread[t], 0, all, at, counts[t]);
      at += counts[t];
    }
    Arrays.sort(all);
    return new Load(total, all);
  }
}
