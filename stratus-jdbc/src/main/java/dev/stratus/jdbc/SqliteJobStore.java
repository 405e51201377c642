package dev.stratus.jdbc;

import dev.stratus.core.job.Admission;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.job.NewJob;
import dev.stratus.core.job.Quota;
import dev.stratus.core.job.Usage;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * {@link JobStore} in an embedded SQLite file that one process owns. Safe to share between threads.
 *
 * <p>All work goes through one connection, one statement at a time: SQLite lets only one writer in
 * anyway, and queueing on a lock here never fails, where connections racing for the file's write
 * lock can get {@code SQLITE_BUSY}. Each claim is one {@code UPDATE … RETURNING} statement, so it
 * stays atomic even against another process on the same file.
 */
public final class SqliteJobStore implements JobStore, AutoCloseable {
  private static final String NOT_TERMINAL =
      "state NOT IN ('" + JobState.COMPLETED.value() + "', '" + JobState.FAILED.value() + "')";
  private static final String HELD_BY = " WHERE id = ? AND lease_owner = ? AND " + NOT_TERMINAL;

  private static final String INSERT =
      "INSERT INTO jobs (id, did, state, progress, input_key, input_mime, input_size, created_at,"
          + " updated_at, attempts, pds_url, pds_token, input_sha256)"
          + " VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, 0, ?, ?, ?)"
          + " RETURNING *";
  private static final String FIND = "SELECT * FROM jobs WHERE id = ?";
  // A failed job does not block a new try with the same bytes.
  private static final String DUPLICATE =
      "SELECT * FROM jobs WHERE did = ? AND input_sha256 = ? AND state <> '"
          + JobState.FAILED.value()
          + "' ORDER BY created_at LIMIT 1";
  private static final String USAGE =
      "SELECT count(*), coalesce(sum(input_size), 0) FROM jobs WHERE did = ? AND created_at > ?";
  private static final String CLAIM =
      "UPDATE jobs SET lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?"
          + " WHERE id = (SELECT id FROM jobs WHERE "
          + NOT_TERMINAL
          + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY created_at, id LIMIT 1)"
          + " RETURNING *";
  private static final String UPDATE =
      "UPDATE jobs SET state = ?, progress = ?, lease_until = ?, updated_at = ?" + HELD_BY;
  private static final String COMPLETE =
      "UPDATE jobs SET state = '"
          + JobState.COMPLETED.value()
          + "', progress = 100, blob_cid = ?, blob_mime = ?, blob_size = ?, message = ?,"
          + " lease_owner = NULL, lease_until = NULL, pds_url = NULL, pds_token = NULL, updated_at = ?"
          + HELD_BY;
  private static final String FAIL =
      "UPDATE jobs SET state = '"
          + JobState.FAILED.value()
          + "', failure_code = ?, error = ?, message = ?,"
          + " lease_owner = NULL, lease_until = NULL, pds_url = NULL, pds_token = NULL, updated_at = ?"
          + HELD_BY;
  private static final String RELEASE =
      "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL AND "
          + NOT_TERMINAL;

  /** Long enough to outlast another process's checkpoint; this process never waits on itself. */
  private static final int BUSY_TIMEOUT_MS = 10_000;

  private final Connection connection;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();

  private SqliteJobStore(Connection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  /**
   * Opens the database at {@code file}, creating it if needed, in write-ahead-log mode, and applies
   * any pending migrations. {@code clock} dates jobs and times leases.
   */
  public static SqliteJobStore open(Path file, Clock clock) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    Migrations.migrate(dataSource, "sqlite", file.toString());
    try {
      return new SqliteJobStore(dataSource.getConnection(), clock);
    } catch (SQLException e) {
      throw new JobStoreException("opening " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Job create(NewJob job) {
    return locked("creating job " + job.id(), c -> insert(c, job));
  }

  @Override
  public Admission admit(NewJob job, Quota quota) {
    return locked(
        "admitting job " + job.id(),
        c -> {
          // One transaction under the lock: no other admission can slip in between the checks
          // and the insert, so parallel uploads can neither overshoot the quota nor both encode.
          c.setAutoCommit(false);
          try {
            Admission admission = admitInTransaction(c, job, quota);
            c.commit();
            return admission;
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        });
  }

  private Admission admitInTransaction(Connection c, NewJob job, Quota quota) throws SQLException {
    try (PreparedStatement duplicate = c.prepareStatement(DUPLICATE)) {
      duplicate.setString(1, job.did());
      duplicate.setString(2, job.inputSha256());
      Optional<Job> existing = oneRow(duplicate);
      if (existing.isPresent()) {
        return new Admission.Duplicate(existing.get());
      }
    }
    Usage used = usage(c, job.did(), quota.since());
    if (!quota.admits(used, job.inputSize())) {
      return new Admission.OverQuota(used);
    }
    return new Admission.Created(insert(c, job));
  }

  @Override
  public Usage usage(String did, Instant since) {
    return locked("usage of " + did, c -> usage(c, did, since));
  }

  private static Usage usage(Connection c, String did, Instant since) throws SQLException {
    try (PreparedStatement usage = c.prepareStatement(USAGE)) {
      usage.setString(1, did);
      usage.setLong(2, since.toEpochMilli());
      try (ResultSet rows = usage.executeQuery()) {
        rows.next();
        return new Usage(rows.getLong(1), rows.getLong(2));
      }
    }
  }

  private Job insert(Connection c, NewJob job) throws SQLException {
    long now = clock.millis();
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      insert.setString(1, job.id());
      insert.setString(2, job.did());
      insert.setString(3, JobState.CREATED.value());
      insert.setString(4, job.inputKey());
      insert.setString(5, job.inputMimeType());
      insert.setLong(6, job.inputSize());
      insert.setLong(7, now);
      insert.setLong(8, now);
      insert.setString(9, job.handoff() == null ? null : job.handoff().pdsUrl());
      insert.setString(10, job.handoff() == null ? null : job.handoff().token());
      insert.setString(11, job.inputSha256());
      return oneRow(insert).orElseThrow();
    }
  }

  @Override
  public Optional<Job> find(String jobId) {
    return locked(
        "finding job " + jobId,
        c -> {
          try (PreparedStatement find = c.prepareStatement(FIND)) {
            find.setString(1, jobId);
            return oneRow(find);
          }
        });
  }

  @Override
  public Optional<Job> claim(String workerId, Duration lease) {
    long now = clock.millis();
    long until = now + positive(lease).toMillis();
    return locked(
        "claim by " + workerId,
        c -> {
          try (PreparedStatement claim = c.prepareStatement(CLAIM)) {
            claim.setString(1, workerId);
            claim.setLong(2, until);
            claim.setLong(3, now);
            claim.setLong(4, now);
            return oneRow(claim);
          }
        });
  }

  @Override
  public boolean update(
      String jobId, String workerId, JobState state, int progress, Duration lease) {
    if (state.isTerminal()) {
      throw new IllegalArgumentException(
          "job " + jobId + ": update cannot end a job (" + state + "); use complete or fail");
    }
    if (progress < 0 || progress > 100) {
      throw new IllegalArgumentException("job " + jobId + ": progress " + progress + " not 0..100");
    }
    long now = clock.millis();
    long until = now + positive(lease).toMillis();
    return changed(
        "update of job " + jobId + " by " + workerId,
        UPDATE,
        state.value(),
        progress,
        until,
        now,
        jobId,
        workerId);
  }

  @Override
  public boolean complete(String jobId, String workerId, BlobRef blob, String message) {
    return changed(
        "completion of job " + jobId + " by " + workerId,
        COMPLETE,
        blob.cid(),
        blob.mimeType(),
        blob.size(),
        message,
        clock.millis(),
        jobId,
        workerId);
  }

  @Override
  public boolean fail(
      String jobId, String workerId, FailureCode code, String error, String message) {
    return changed(
        "failure of job " + jobId + " by " + workerId,
        FAIL,
        code.value(),
        error,
        message,
        clock.millis(),
        jobId,
        workerId);
  }

  @Override
  public int releaseAllLeases() {
    return locked(
        "releasing all leases",
        c -> {
          try (PreparedStatement release = c.prepareStatement(RELEASE)) {
            return release.executeUpdate();
          }
        });
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      throw new JobStoreException("closing: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code sql} with {@code values} bound in order; true when it changed a row. */
  private boolean changed(String what, String sql, Object... values) {
    return locked(
        what,
        c -> {
          try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
              statement.setObject(i + 1, values[i]);
            }
            return statement.executeUpdate() == 1;
          }
        });
  }

  private static Optional<Job> oneRow(PreparedStatement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery()) {
      return rows.next() ? Optional.of(JobRow.read(rows)) : Optional.empty();
    }
  }

  private static Duration positive(Duration lease) {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive: " + lease);
    }
    return lease;
  }

  private <T> T locked(String what, Work<T> work) {
    lock.lock();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new JobStoreException(what + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }
}
