package dev.stratus.jdbc;

import dev.stratus.core.job.Admission;
import dev.stratus.core.job.IngestAdmission;
import dev.stratus.core.job.NewIngest;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobPriority;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.job.NewJob;
import dev.stratus.core.job.Quota;
import dev.stratus.core.job.Usage;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link JobStore} in SQL: an embedded SQLite file that one process owns, or a PostgreSQL database
 * that many nodes share. Safe to share between threads. Jobs whose forwarded token expires soonest
 * are claimed first, then the oldest, through an index that holds only unfinished jobs. Each claim
 * is one {@code UPDATE … RETURNING} statement (on PostgreSQL skipping rows another node is
 * claiming), so it stays atomic against other processes. Admissions are checked and written in one
 * transaction that holds the account's lock in the database. {@link #uploadSessions()} is the
 * multipart session store on the same database.
 */
public final class JdbcJobStore implements JobStore, AutoCloseable {
  private static final String NOT_TERMINAL = JobSql.NOT_TERMINAL;
  private static final String HELD_BY = " WHERE id = ? AND lease_owner = ? AND " + NOT_TERMINAL;

  private static final String FIND = "SELECT " + JobRow.COLUMNS + " FROM jobs WHERE id = ?";
  private static final String STATUS = "SELECT " + JobRow.STATUS_COLUMNS + " FROM jobs WHERE id = ?";
  private static final String CLAIM =
      "UPDATE jobs SET lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?"
          + " WHERE id = (SELECT id FROM jobs WHERE "
          + NOT_TERMINAL
          + " AND (lease_until IS NULL OR lease_until < ?) AND priority <= ?"
          + " ORDER BY priority, deadline_at IS NULL, deadline_at, created_at, id LIMIT 1%s)"
          + " RETURNING " + JobRow.COLUMNS;
  private static final String WAITING =
      "SELECT count(*) FROM jobs WHERE " + NOT_TERMINAL + " AND source_cid IS NULL"
          + " AND (lease_until IS NULL OR lease_until < ?)";
  private static final String LATEST_INGEST =
      "SELECT " + JobRow.COLUMNS + " FROM jobs WHERE did = ? AND source_cid = ? ORDER BY created_at DESC LIMIT 1";
  private static final String UPDATE =
      "UPDATE jobs SET state = ?, progress = ?, lease_until = ?, updated_at = ?" + HELD_BY;
  private static final String FORGET_FINISHED =
      "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE state IN ('" + JobState.COMPLETED.value() + "', '"
          + JobState.FAILED.value() + "') AND updated_at < ? ORDER BY updated_at LIMIT ?)";
  private static final String BY_STATE = "SELECT state, count(*) FROM jobs WHERE " + NOT_TERMINAL + " GROUP BY state";
  private static final String RENEW = "UPDATE jobs SET lease_until = ?" + HELD_BY;
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
  // No owner, and a lease that runs out at the retry time: claimable again only then.
  private static final String RELEASE_ONE =
      "UPDATE jobs SET lease_owner = NULL, lease_until = ?, updated_at = ?" + HELD_BY;
  private static final String RELEASE =
      "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL AND "
          + NOT_TERMINAL;

  private final Database db;
  private final Clock clock;
  private final String claim;
  private final JdbcUploadSessionStore uploadSessions;
  private final StreamCursors streamCursors;
  private final PostedVideos postedVideos;
  private final VideoCaptions videoCaptions;
  private final MediaHolds mediaHolds;

  private JdbcJobStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.claim = CLAIM.formatted(db.dialect().claimRowLock);
    this.uploadSessions = new JdbcUploadSessionStore(db);
    this.streamCursors = new StreamCursors(db, clock);
    this.postedVideos = new PostedVideos(db, clock);
    this.videoCaptions = new VideoCaptions(db);
    this.mediaHolds = new MediaHolds(db, clock);
  }

  /**
   * Opens the embedded database at {@code file}, creating it if needed, in write-ahead-log mode,
   * and applies any pending migrations. {@code clock} dates jobs and times leases.
   */
  public static JdbcJobStore sqlite(Path file, Clock clock) {
    return new JdbcJobStore(Database.sqlite(file), clock);
  }

  /**
   * The JDBC URL the store opens {@code file} with, for a tool in the same process that reads or
   * fills it beside the store (another process is refused the file while a store has it open).
   */
  public static String sqliteUrl(Path file) {
    return Database.processLockedUrl(file);
  }

  /**
   * Connects to a PostgreSQL database that several nodes may share, and applies any pending
   * migrations (Flyway serialises nodes that start at once).
   *
   * @param url {@code jdbc:postgresql://host:port/database}
   * @param user the user, or empty for the URL's or the driver's default
   * @param password the password, or empty
   * @param connections how many connections this node keeps open
   */
  public static JdbcJobStore postgres(String url, String user, String password, int connections, Clock clock) {
    return new JdbcJobStore(Database.postgres(url, user, password, connections), clock);
  }

  /** The multipart upload sessions, in the same database (their reservations count as usage). */
  public JdbcUploadSessionStore uploadSessions() {
    return uploadSessions;
  }

  /** How far each followed event stream has been handled, in the same database. */
  public StreamCursors streamCursors() {
    return streamCursors;
  }

  /** Which posts embed which video, as the event stream told, in the same database. */
  public PostedVideos postedVideos() {
    return postedVideos;
  }

  /** The caption tracks posts attach to videos, in the same database. */
  public VideoCaptions videoCaptions() {
    return videoCaptions;
  }

  /** Removed videos and held accounts, whose media is not served, in the same database. */
  public MediaHolds mediaHolds() {
    return mediaHolds;
  }

  /** Whether one process owns this database alone (embedded SQLite), so it may free every lease at start. */
  public boolean ownedByOneProcess() {
    return db.dialect() == Dialect.SQLITE;
  }

  @Override
  public Job create(NewJob job) {
    return db.write("creating job " + job.id(), c -> JobSql.insert(c, job, clock.instant()));
  }

  @Override
  public Admission admit(NewJob job, Quota quota) {
    // One transaction holding the account's lock in the database: no other admission, from this
    // node or another, can slip in between the checks and the insert, so parallel uploads can
    // neither overshoot the quota nor both encode.
    return db.transaction(
        "admitting job " + job.id(),
        c -> {
          db.dialect().lock(c, job.did());
          return JobSql.admit(c, job, quota, clock.instant());
        });
  }

  @Override
  public IngestAdmission admitIngest(NewIngest ingest, Instant failedAfter) {
    // Under the account's lock, like an upload: two viewers (or a viewer and the event stream, on
    // any node) asking for the same video at once make one job.
    return db.transaction(
        "admitting the video " + ingest.sourceCid() + " of " + ingest.did(),
        c -> {
          db.dialect().lock(c, ingest.did());
          return JobSql.admitIngest(c, ingest, failedAfter, clock.instant());
        });
  }

  @Override
  public Optional<Job> findIngest(String did, String sourceCid) {
    return db.read("finding the job of a video", c -> {
      try (PreparedStatement find = c.prepareStatement(LATEST_INGEST)) {
        find.setString(1, did);
        find.setString(2, sourceCid);
        return JobSql.oneRow(find);
      }
    });
  }

  @Override
  public Usage usage(String did, Instant since) {
    return db.read("usage of " + did, c -> JobSql.usage(c, did, since, clock.instant()));
  }

  @Override
  public Optional<Job> find(String jobId) {
    return db.read(
        "finding a job",
        c -> {
          PreparedStatement find = db.keptForReading(FIND);
          find.setString(1, jobId);
          return JobSql.oneRow(find);
        });
  }

  @Override
  public Optional<JobStatus> status(String jobId) {
    // The status read every polling client makes: on a reading connection, no statement parsed,
    // no message built, only the columns the answer shows.
    return db.read(
        "reading a job's status",
        c -> {
          PreparedStatement find = db.keptForReading(STATUS);
          find.setString(1, jobId);
          return JobSql.oneRow(find, row -> JobRow.readStatus(jobId, row));
        });
  }

  @Override
  public long waitingJobs() {
    return db.read(
        "counting waiting jobs",
        c -> {
          try (PreparedStatement waiting = c.prepareStatement(WAITING)) {
            waiting.setLong(1, clock.millis());
            try (ResultSet rows = waiting.executeQuery()) {
              rows.next();
              return rows.getLong(1);
            }
          }
        });
  }

  @Override
  public Optional<Job> claim(String workerId, Duration lease, JobPriority lowest) {
    long now = clock.millis();
    long until = now + positive(lease).toMillis();
    return db.write(
        "claim by " + workerId,
        c -> {
          try (PreparedStatement statement = c.prepareStatement(claim)) {
            statement.setString(1, workerId);
            statement.setLong(2, until);
            statement.setLong(3, now);
            statement.setLong(4, now);
            statement.setInt(5, lowest.rank());
            return JobSql.oneRow(statement);
          }
        });
  }

  @Override
  public boolean update(String jobId, String workerId, JobState state, int progress, Duration lease) {
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
        "update of job " + jobId + " by " + workerId, UPDATE, state.value(), progress, until, now, jobId, workerId);
  }

  @Override
  public boolean renew(String jobId, String workerId, Duration lease) {
    long until = clock.millis() + positive(lease).toMillis();
    return changed("renewal of job " + jobId + " by " + workerId, RENEW, until, jobId, workerId);
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
  public boolean fail(String jobId, String workerId, FailureCode code, String error, String message) {
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
  public boolean release(String jobId, String workerId, Duration retryAfter) {
    long now = clock.millis();
    return changed("release of job " + jobId + " by " + workerId, RELEASE_ONE, now + retryAfter.toMillis(), now, jobId,
        workerId);
  }

  /** How many unfinished jobs are in each state (through the index of unfinished jobs). */
  public Map<String, Long> unfinishedByState() {
    return db.read("counting jobs by state", c -> {
      Map<String, Long> counts = new TreeMap<>();
      try (PreparedStatement statement = c.prepareStatement(BY_STATE);
          ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getString(1), rows.getLong(2));
        }
      }
      return counts;
    });
  }

  @Override
  public int forgetFinished(Instant endedBefore, int limit) {
    return db.write("forgetting finished jobs", c -> Database.execute(c, FORGET_FINISHED, endedBefore.toEpochMilli(), limit));
  }

  @Override
  public int releaseAllLeases() {
    if (!ownedByOneProcess()) {
      // On a shared database the leases of other nodes' live workers are not ours to free.
      throw new IllegalStateException("releaseAllLeases is only for a database one process owns");
    }
    return db.write("releasing all leases", c -> Database.execute(c, RELEASE));
  }

  @Override
  public void close() {
    db.close();
  }

  /** Runs {@code sql} with {@code values} bound in order; true when it changed a row. */
  private boolean changed(String what, String sql, Object... values) {
    return db.write(what, c -> Database.execute(c, sql, values) == 1);
  }

  private static Duration positive(Duration lease) {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive: " + lease);
    }
    return lease;
  }
}
