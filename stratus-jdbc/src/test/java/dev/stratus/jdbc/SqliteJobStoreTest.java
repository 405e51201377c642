package dev.stratus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.job.NewJob;
import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.job.JobLeaseContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease contract on SQLite, with a second store on the same file as a second process; and what only SQLite does. */
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
}
