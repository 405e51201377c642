package dev.stratus.server;

import dev.stratus.core.job.Job;
import dev.stratus.core.job.NewJob;
import dev.stratus.jdbc.JdbcJobStore;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.testkit.sql.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a claim costs with history behind it, on SQLite and on PostgreSQL: 100,000 finished jobs
 * and 1,000 queued, then 1,000 claims (each followed by its completion, as a worker's would be)
 * timed one by one; the claim's query plan; and status reads per second on four threads, alone and
 * while one thread admits jobs as fast as it can. Results go to the file named by
 * {@code -Dstratus.bench.out}.
 */
class ClaimBench {
  private static final int FINISHED = 100_000;
  private static final int QUEUED = 1_000;
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Duration READ_WINDOW = Duration.ofSeconds(3);
  private static final BlobRef BLOB =
      BlobRef.of("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", "video/mp4", 4_096);

  @TempDir Path dir;

  @Test
  void claimsAndReadsWithAHundredThousandFinishedJobs() throws Exception {
    StringBuilder out = new StringBuilder();
    out.append("| store | claim median | claim p99 | claim max | status reads/s alone | with a writer | ratio |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    String sqliteUrl = JdbcJobStore.sqliteUrl(dir.resolve("bench.db"));
    try (JdbcJobStore sqlite = JdbcJobStore.sqlite(dir.resolve("bench.db"), Clock.systemUTC())) {
      out.append(measure("SQLite (embedded)", sqlite, () -> DriverManager.getConnection(sqliteUrl), "EXPLAIN QUERY PLAN "));
    }
    try (TestPostgres database = TestPostgres.create();
        JdbcJobStore postgres = JdbcJobStore.postgres(database.url(), "", "", 8, Clock.systemUTC())) {
      out.append(measure("PostgreSQL 8 connections", postgres, () -> DriverManager.getConnection(database.url()), "EXPLAIN "));
    }
    out.append("\n").append(plans);
    System.out.print(out);
    String target = System.getProperty("stratus.bench.out");
    if (target != null) {
      Files.writeString(Path.of(target), out);
    }
  }

  private final StringBuilder plans = new StringBuilder();

  private interface Opener {
    Connection open() throws Exception;
  }

  private String measure(String name, JdbcJobStore store, Opener raw, String explain) throws Exception {
    try (Connection c = raw.open()) {
      fillFinished(c);
    }
    for (int i = 0; i < QUEUED; i++) {
      store.create(new NewJob("queued-" + i, "did:plc:bench" + (i % 50), "uploads/q" + i, "video/mp4", 1000, "q" + i, null));
    }
    try (Connection c = raw.open()) {
      plans.append("Claim plan, ").append(name).append(":\n\n```\n").append(plan(c, explain)).append("```\n\n");
    }
    long[] nanos = new long[QUEUED];
    for (int i = 0; i < QUEUED; i++) {
      long start = System.nanoTime();
      Job job = store.claim("bench-worker", LEASE).orElseThrow();
      nanos[i] = System.nanoTime() - start;
      store.complete(job.id(), "bench-worker", BLOB, "done");
    }
    Arrays.sort(nanos);
    double alone = readsPerSecond(store, false);
    double withWriter = readsPerSecond(store, true);
    return String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f ms | %,.0f | %,.0f | %.2f |%n", name,
        nanos[QUEUED / 2] / 1e6, nanos[QUEUED * 99 / 100] / 1e6, nanos[QUEUED - 1] / 1e6, alone, withWriter, withWriter / alone);
  }

  /**
   * 100,000 completed jobs over the last 29 days and 5,000 accounts, written in one batch: all
   * inside the 30 days a node keeps finished jobs, so none is forgotten while a benchmark reads.
   */
  static void fillFinished(Connection c) throws Exception {
    fillFinished(c, i -> "done-" + i);
  }

  /** The same, with each job's id made from its index by {@code ids}. */
  static void fillFinished(Connection c, java.util.function.IntFunction<String> ids) throws Exception {
    c.setAutoCommit(false);
    long now = System.currentTimeMillis();
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO jobs (id, did, state, progress, blob_cid, blob_mime, blob_size, message, input_key, input_mime,"
            + " input_size, created_at, updated_at, attempts, input_sha256) VALUES (?, ?, 'JOB_STATE_COMPLETED', 100, ?,"
            + " 'video/mp4', 4096, 'done', ?, 'video/mp4', 1000000, ?, ?, 1, ?)")) {
      for (int i = 0; i < FINISHED; i++) {
        long at = now - Duration.ofDays(29).toMillis() + i * 25_000L;
        insert.setString(1, ids.apply(i));
        insert.setString(2, "did:plc:history" + (i % 5000));
        insert.setString(3, BLOB.cid());
        insert.setString(4, "uploads/done-" + i);
        insert.setLong(5, at);
        insert.setLong(6, at);
        insert.setString(7, "sha-" + i);
        insert.addBatch();
        if (i % 5000 == 4999) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
    try (Statement analyze = c.createStatement()) {
      analyze.execute("ANALYZE");
    }
  }

  private static String plan(Connection c, String explain) throws Exception {
    String claim = "SELECT id FROM jobs WHERE state NOT IN ('JOB_STATE_COMPLETED', 'JOB_STATE_FAILED')"
        + " AND (lease_until IS NULL OR lease_until < 0) ORDER BY deadline_at IS NULL, deadline_at, created_at, id LIMIT 1";
    StringBuilder plan = new StringBuilder();
    try (Statement statement = c.createStatement(); ResultSet rows = statement.executeQuery(explain + claim)) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        plan.append(rows.getString(columns)).append('\n');
      }
    }
    return plan.toString();
  }

  /** Status reads per second on four threads for a few seconds, with or without a writer admitting jobs. */
  private static double readsPerSecond(JdbcJobStore store, boolean withWriter) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong reads = new AtomicLong();
    CountDownLatch done = new CountDownLatch(4);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int seed = t;
      threads.add(Thread.ofPlatform().start(() -> {
        int i = seed;
        while (!stop.get()) {
          store.find("done-" + (i * 7919 % FINISHED)).orElseThrow();
          reads.incrementAndGet();
          i++;
        }
        done.countDown();
      }));
    }
    Thread writer = null;
    if (withWriter) {
      writer = Thread.ofPlatform().start(() -> {
        int i = 0;
        while (!stop.get()) {
          String id = "written-" + System.nanoTime() + "-" + i++;
          store.admit(new NewJob(id, "did:plc:writer", "uploads/" + id, "video/mp4", 10, id, null),
              new dev.stratus.core.job.Quota(java.time.Instant.now().minusSeconds(60), Long.MAX_VALUE, Long.MAX_VALUE));
        }
      });
    }
    long start = System.nanoTime();
    Thread.sleep(READ_WINDOW.toMillis()); // a measuring window, not a wait for an event
    stop.set(true);
    done.await();
    if (writer != null) {
      writer.join();
    }
    return reads.get() / ((System.nanoTime() - start) / 1e9);
  }
}
