package dev.stratus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.job.NewJob;
import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.job.JobLeaseContract;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lease contract on SQLite, with a second store on the same file as a second node would have
 * (in this process: another process is refused the file); and what only SQLite does.
 */
class SqliteJobStoreTest extends JobLeaseContract {
  @TempDir Path dir;
  private MutableClock clock;

  @Override
  protected JobStore newStore(MutableClock clock) {
    this.clock = clock;
    return JdbcJobStore.sqlite(dir.resolve("contract.db"), clock);
  }

  @Override
  protected JobStore openAnother() {
    return JdbcJobStore.sqlite(dir.resolve("contract.db"), clock);
  }

  @Test
  void jobsAndLeasesOutliveTheStore() {
    Path file = dir.resolve("durable.db");
    MutableClock clock = new MutableClock();
    Job claimed;
    try (JdbcJobStore store = JdbcJobStore.sqlite(file, clock)) {
      store.create(new NewJob("job-1", "did:plc:alice", "uploads/job-1", "video/mp4", 10, "ab", null));
      claimed = store.claim("worker-a", Duration.ofMinutes(1)).orElseThrow();
    }

    try (JdbcJobStore reopened = JdbcJobStore.sqlite(file, clock)) {
      assertThat(reopened.find("job-1")).contains(claimed);
      assertThat(reopened.claim("worker-b", Duration.ofMinutes(1))).isEmpty();
      assertThat(reopened.update("job-1", "worker-a", claimed.state(), 5, Duration.ofMinutes(1)))
          .isTrue();
    }
  }

  @Test
  void migrationsRunOnceAcrossOpens() throws SQLException {
    Path file = dir.resolve("migrated.db");
    MutableClock clock = new MutableClock();
    JdbcJobStore.sqlite(file, clock).close();
    JdbcJobStore.sqlite(file, clock).close();

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT version, success, count(*) AS runs FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL GROUP BY version ORDER BY CAST(version AS INTEGER)")) {
      for (String version : new String[] {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}) {
        assertThat(rows.next()).as("V" + version + " ran").isTrue();
        assertThat(rows.getString("version")).isEqualTo(version);
        assertThat(rows.getBoolean("success")).isTrue();
        assertThat(rows.getInt("runs")).isEqualTo(1);
      }
      assertThat(rows.next()).as("no other migration").isFalse();
    }
  }

  @Test
  void databaseIsInWriteAheadLogMode() throws SQLException {
    Path file = dir.resolve("wal.db");
    JdbcJobStore.sqlite(file, new MutableClock()).close();

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("PRAGMA journal_mode")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  // On a thread of its own: a read from the other process's output does not answer an interrupt.
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anotherProcessIsRefusedTheFileWhileThisOneHasIt() throws Exception {
    Path file = dir.resolve("owned.db");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HoldTheFile.class.getName(),
        file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(said.readLine()).isEqualTo("holding");

      assertThatThrownBy(() -> JdbcJobStore.sqlite(file, new MutableClock()))
          .isInstanceOf(JobStoreException.class)
          .hasMessageContaining("owned.db is in use by another process")
          .hasMessageContaining("a data folder of its own");
    } finally {
      holder.getOutputStream().close();
      boolean exited = holder.waitFor(30, TimeUnit.SECONDS);
      if (!exited) {
        holder.destroyForcibly();
      }
      assertThat(exited).as("the holder exits once its input ends").isTrue();
    }
    // Once that process has gone, the file is free again.
    JdbcJobStore.sqlite(file, new MutableClock()).close();
  }

  @Test
  void aFileWhosePathLooksLikeUriSyntaxIsOpenedWhereItIs() throws Exception {
    Path parent = Files.createDirectories(dir.resolve("odd"));
    Path folder = Files.createDirectories(parent.resolve("a %41 b?c=d#e"));
    Path file = folder.resolve("jobs é.db");
    try (JdbcJobStore store = JdbcJobStore.sqlite(file, new MutableClock())) {
      store.create(new NewJob("job-1", "did:plc:alice", "uploads/job-1", "video/mp4", 10, "ab", null));
    }

    assertThat(file).isRegularFile();
    try (Stream<Path> files = Files.list(parent)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a %41 b?c=d#e");
    }
    try (JdbcJobStore reopened = JdbcJobStore.sqlite(file, new MutableClock())) {
      assertThat(reopened.find("job-1")).isPresent();
    }
  }

  @Test
  void readingConnectionsRefuseWrites() {
    try (Database db = Database.sqlite(dir.resolve("reads.db"))) {
      assertThatThrownBy(() -> db.read("writing on a reader", c -> {
            try (Statement s = c.createStatement()) {
              return s.executeUpdate("DELETE FROM jobs");
            }
          }))
          .isInstanceOf(JobStoreException.class)
          .hasMessageContaining("readonly");
    }
  }
}
