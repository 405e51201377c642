package dev.stratus.jdbc;

import dev.stratus.core.job.Admission;
import dev.stratus.core.job.IngestAdmission;
import dev.stratus.core.job.NewIngest;
import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.NewJob;
import dev.stratus.core.job.Quota;
import dev.stratus.core.job.TokenDeadline;
import dev.stratus.core.job.Usage;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.UploadState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The admission statements both stores run inside their transactions: dedupe, usage (jobs in the
 * window plus open multipart reservations) and the insert of a job, and the admission of a video
 * of the network.
 */
final class JobSql {
  static final String NOT_TERMINAL =
      "state NOT IN ('" + JobState.COMPLETED.value() + "', '" + JobState.FAILED.value() + "')";
  /** A session that holds a reservation at {@code ?} (now, epoch ms). */
  static final String OPEN_SESSION =
      "(state = '" + UploadState.FINISHING.value() + "' OR (state = '" + UploadState.CREATED.value()
          + "' AND expires_at > ?))";

  private static final String INSERT_INGEST =
      "INSERT INTO jobs (id, did, state, progress, input_key, input_mime, input_size, created_at,"
          + " updated_at, attempts, source_cid, priority)"
          + " VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, 0, ?, ?)"
          + " RETURNING " + JobRow.COLUMNS;
  private static final String INGEST_RUNNING =
      "SELECT " + JobRow.COLUMNS + " FROM jobs WHERE did = ? AND source_cid = ? AND " + NOT_TERMINAL + " ORDER BY created_at LIMIT 1";
  private static final String INGEST_FAILED_SINCE =
      "SELECT " + JobRow.COLUMNS + " FROM jobs WHERE did = ? AND source_cid = ? AND state = '" + JobState.FAILED.value()
          + "' AND updated_at > ? ORDER BY updated_at DESC LIMIT 1";
  private static final String RAISE_PRIORITY = "UPDATE jobs SET priority = ? WHERE id = ? AND priority > ?";
  private static final String INSERT =
      "INSERT INTO jobs (id, did, state, progress, input_key, input_mime, input_size, created_at,"
          + " updated_at, attempts, pds_url, pds_token, input_sha256, deadline_at)"
          + " VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)"
          + " RETURNING " + JobRow.COLUMNS;
  // A failed job does not block a new try with the same bytes.
  private static final String DUPLICATE =
      "SELECT " + JobRow.COLUMNS + " FROM jobs WHERE did = ? AND input_sha256 = ? AND state <> '"
          + JobState.FAILED.value()
          + "' ORDER BY created_at LIMIT 1";
  // A job that failed through no fault of its video (the PDS could not be reached or refused the
  // token, the token expired, a service error) does not use up the account's allowance.
  private static final String NO_FAULT_OF_THE_VIDEO =
      "(state = '" + JobState.FAILED.value() + "' AND failure_code IN ('" + FailureCode.PDS_UPLOAD_FAILURE.value()
          + "', '" + FailureCode.GENERIC_FAILURE.value() + "'))";
  // Videos of the network the account posted elsewhere are no uploads of its.
  private static final String JOB_USAGE =
      "SELECT count(*), coalesce(sum(input_size), 0) FROM jobs WHERE did = ? AND created_at > ?"
          + " AND source_cid IS NULL AND NOT " + NO_FAULT_OF_THE_VIDEO;
  private static final String RESERVED =
      "SELECT count(*), coalesce(sum(size_bytes), 0) FROM uploads WHERE did = ? AND " + OPEN_SESSION;

  private JobSql() {}

  /** Dedupe, then (unless {@code quota} is null: already reserved) the quota, then the insert. */
  static Admission admit(Connection c, NewJob job, @Nullable Quota quota, Instant now) throws SQLException {
    Optional<Job> existing = duplicate(c, job);
    if (existing.isPresent()) {
      return new Admission.Duplicate(existing.get());
    }
    if (quota != null) {
      Usage used = usage(c, job.did(), quota.since(), now);
      if (!quota.admits(used, job.inputSize())) {
        return new Admission.OverQuota(used);
      }
    }
    return new Admission.Created(insert(c, job, now));
  }

  /** A running job for the same video, then a recent failure of it, else the insert. */
  static IngestAdmission admitIngest(Connection c, NewIngest ingest, Instant failedAfter, Instant now)
      throws SQLException {
    Optional<Job> running = bySource(c, INGEST_RUNNING, ingest, null);
    if (running.isPresent()) {
      try (PreparedStatement raise = c.prepareStatement(RAISE_PRIORITY)) {
        raise.setInt(1, ingest.priority().rank());
        raise.setString(2, running.get().id());
        raise.setInt(3, ingest.priority().rank());
        raise.executeUpdate();
      }
      return new IngestAdmission.Running(running.get());
    }
    Optional<Job> failed = bySource(c, INGEST_FAILED_SINCE, ingest, failedAfter.toEpochMilli());
    if (failed.isPresent()) {
      return new IngestAdmission.RecentlyFailed(failed.get());
    }
    long millis = now.toEpochMilli();
    try (PreparedStatement insert = c.prepareStatement(INSERT_INGEST)) {
      insert.setString(1, ingest.id());
      insert.setString(2, ingest.did());
      insert.setString(3, JobState.CREATED.value());
      // Where an upload would be: nothing is ever stored there, and deleting it is harmless.
      insert.setString(4, BlobKeys.upload(ingest.id()));
      insert.setString(5, "video/mp4");
      insert.setLong(6, ingest.declaredSize());
      insert.setLong(7, millis);
      insert.setLong(8, millis);
      insert.setString(9, ingest.sourceCid());
      insert.setInt(10, ingest.priority().rank());
      return new IngestAdmission.Created(oneRow(insert).orElseThrow());
    }
  }

  private static Optional<Job> bySource(Connection c, String sql, NewIngest ingest, @Nullable Long since)
      throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setString(1, ingest.did());
      statement.setString(2, ingest.sourceCid());
      if (since != null) {
        statement.setLong(3, since);
      }
      return oneRow(statement);
    }
  }

  static Optional<Job> duplicate(Connection c, NewJob job) throws SQLException {
    try (PreparedStatement duplicate = c.prepareStatement(DUPLICATE)) {
      duplicate.setString(1, job.did());
      duplicate.setString(2, job.inputSha256());
      return oneRow(duplicate);
    }
  }

  /** Jobs created since {@code since} plus the reservations of sessions open at {@code now}. */
  static Usage usage(Connection c, String did, Instant since, Instant now) throws SQLException {
    Usage jobs = pair(c, JOB_USAGE, did, since.toEpochMilli());
    Usage reserved = pair(c, RESERVED, did, now.toEpochMilli());
    return new Usage(jobs.videos() + reserved.videos(), jobs.bytes() + reserved.bytes());
  }

  private static Usage pair(Connection c, String sql, String did, long millis) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setString(1, did);
      statement.setLong(2, millis);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return new Usage(rows.getLong(1), rows.getLong(2));
      }
    }
  }

  static Job insert(Connection c, NewJob job, Instant now) throws SQLException {
    long millis = now.toEpochMilli();
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      insert.setString(1, job.id());
      insert.setString(2, job.did());
      insert.setString(3, JobState.CREATED.value());
      insert.setString(4, job.inputKey());
      insert.setString(5, job.inputMimeType());
      insert.setLong(6, job.inputSize());
      insert.setLong(7, millis);
      insert.setLong(8, millis);
      insert.setString(9, job.handoff() == null ? null : job.handoff().pdsUrl());
      insert.setString(10, job.handoff() == null ? null : job.handoff().token());
      insert.setString(11, job.inputSha256());
      // The forwarded token's expiry: jobs that must reach their PDS soonest are claimed first.
      insert.setObject(12, TokenDeadline.of(job.handoff()).map(Instant::toEpochMilli).orElse(null));
      return oneRow(insert).orElseThrow();
    }
  }

  /** Reads the current row of a result. */
  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  static Optional<Job> oneRow(PreparedStatement statement) throws SQLException {
    return oneRow(statement, JobRow::read);
  }

  /** Runs {@code statement} and reads its first row with {@code reader}, if it has one. */
  static <T> Optional<T> oneRow(PreparedStatement statement, RowReader<T> reader) throws SQLException {
    try (ResultSet rows = statement.executeQuery()) {
      return rows.next() ? Optional.of(reader.read(rows)) : Optional.empty();
    }
  }
}
