package dev.stratus.jdbc;

import dev.stratus.core.job.Admission;
import dev.stratus.core.job.NewJob;
import dev.stratus.core.job.Quota;
import dev.stratus.core.job.Usage;
import dev.stratus.core.upload.NewUploadSession;
import dev.stratus.core.upload.UploadSession;
import dev.stratus.core.upload.UploadSessionStore;
import dev.stratus.lexicon.UploadState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link UploadSessionStore} in the database of {@link JdbcJobStore}: the methods that check and
 * change do so in one transaction holding the upload's lock (and, for reservations and admissions,
 * the account's), so nodes sharing the database cannot interleave on one upload.
 */
public final class JdbcUploadSessionStore implements UploadSessionStore {
  private static final String CREATED = "'" + UploadState.CREATED.value() + "'";
  private static final String FINISHING = "'" + UploadState.FINISHING.value() + "'";

  private static final String INSERT =
      "INSERT INTO uploads (id, did, mime_type, name, size_bytes, part_size, part_count, state,"
          + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, " + CREATED + ", ?, ?)";
  private static final String OPEN_COUNT =
      "SELECT count(*) FROM uploads WHERE did = ? AND " + JobSql.OPEN_SESSION;
  private static final String FIND = "SELECT * FROM uploads WHERE id = ?";
  private static final String PARTS =
      "SELECT part_number, blob_key, size FROM upload_parts WHERE upload_id = ? ORDER BY part_number";
  private static final String PART_KEY =
      "SELECT blob_key FROM upload_parts WHERE upload_id = ? AND part_number = ?";
  private static final String PUT_PART =
      "INSERT INTO upload_parts (upload_id, part_number, blob_key, size, received_at) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (upload_id, part_number) DO UPDATE SET blob_key = excluded.blob_key,"
          + " size = excluded.size, received_at = excluded.received_at";
  private static final String IS_OPEN =
      "SELECT 1 FROM uploads WHERE id = ? AND state = " + CREATED + " AND expires_at > ?";
  private static final String BEGIN_FINISH =
      "UPDATE uploads SET state = " + FINISHING + ", finisher = ?, finish_until = ? WHERE id = ? AND"
          + " ((state = " + CREATED + " AND expires_at > ?) OR (state = " + FINISHING + " AND finish_until <= ?))"
          + " AND part_count = (SELECT count(*) FROM upload_parts WHERE upload_id = uploads.id)";
  private static final String HELD = " WHERE id = ? AND state = " + FINISHING + " AND finisher = ?";
  private static final String COMPLETE =
      "UPDATE uploads SET state = '" + UploadState.COMPLETED.value() + "', completed_job_id = ?, ended_at = ?,"
          + " finisher = NULL, finish_until = NULL" + HELD;
  private static final String FAIL =
      "UPDATE uploads SET state = '" + UploadState.FAILED.value() + "', failure_reason = ?, ended_at = ?,"
          + " finisher = NULL, finish_until = NULL" + HELD;
  private static final String RELEASE =
      "UPDATE uploads SET state = " + CREATED + ", finisher = NULL, finish_until = NULL" + HELD;
  private static final String ABORT =
      "UPDATE uploads SET state = '" + UploadState.ABORTED.value() + "', ended_at = ?"
          + " WHERE id = ? AND state = " + CREATED + " AND expires_at > ?";
  private static final String EXPIRED_AT =
      "expires_at <= ? AND (state = " + CREATED + " OR (state = " + FINISHING + " AND finish_until <= ?))";
  private static final String EXPIRABLE = "SELECT id FROM uploads WHERE " + EXPIRED_AT;
  // The same condition again: on a shared database another node may have begun a finish since.
  private static final String EXPIRE =
      "UPDATE uploads SET state = '" + UploadState.EXPIRED.value() + "', ended_at = ?, finisher = NULL,"
          + " finish_until = NULL WHERE id = ? AND " + EXPIRED_AT;
  private static final String ENDED =
      "SELECT id FROM uploads WHERE ended_at < ? ORDER BY ended_at LIMIT ?";
  private static final String FORGET_PARTS =
      "DELETE FROM upload_parts WHERE upload_id = (SELECT id FROM uploads WHERE id = ? AND ended_at IS NOT NULL)";
  private static final String FORGET = "DELETE FROM uploads WHERE id = ? AND ended_at IS NOT NULL";

  private final Database db;

  JdbcUploadSessionStore(Database db) {
    this.db = db;
  }

  @Override
  public Reservation reserve(NewUploadSession s, Quota quota, long maxOpen, Instant now) {
    return db.transaction(
        "reserving upload " + s.id(),
        c -> {
          db.dialect().lock(c, s.did());
          long open = count(c, OPEN_COUNT, s.did(), now.toEpochMilli());
          if (open >= maxOpen) {
            return new Reservation.TooManyOpen(open);
          }
          Usage used = JobSql.usage(c, s.did(), quota.since(), now);
          if (!quota.admits(used, s.sizeBytes())) {
            return new Reservation.OverQuota(used);
          }
          Database.execute(
              c, INSERT, s.id(), s.did(), s.mimeType(), s.name(), s.sizeBytes(), s.partSize(), s.partCount(),
              now.toEpochMilli(), s.expiresAt().toEpochMilli());
          return new Reservation.Reserved(read(c, s.id()).orElseThrow());
        });
  }

  @Override
  public Optional<UploadSession> find(String id) {
    return db.read("finding upload " + id, c -> read(c, id));
  }

  @Override
  public PartRecord recordPart(String id, UploadSession.Part part, Instant now) {
    return db.transaction(
        "recording part " + part.number() + " of upload " + id,
        c -> {
          db.dialect().lock(c, id);
          if (count(c, IS_OPEN, id, now.toEpochMilli()) == 0) {
            return new PartRecord.Closed(read(c, id).orElseThrow());
          }
          String replaced;
          try (PreparedStatement key = c.prepareStatement(PART_KEY)) {
            key.setString(1, id);
            key.setInt(2, part.number());
            try (ResultSet rows = key.executeQuery()) {
              replaced = rows.next() ? rows.getString(1) : null;
            }
          }
          Database.execute(c, PUT_PART, id, part.number(), part.key(), part.size(), now.toEpochMilli());
          return new PartRecord.Recorded(replaced);
        });
  }

  @Override
  public FinishStart beginFinish(String id, String finisher, Instant now, Instant leaseUntil) {
    return db.transaction(
        "beginning the finish of upload " + id,
        c -> {
          db.dialect().lock(c, id);
          long millis = now.toEpochMilli();
          int began = Database.execute(c, BEGIN_FINISH, finisher, leaseUntil.toEpochMilli(), id, millis, millis);
          UploadSession session = read(c, id).orElseThrow();
          return began == 1 ? new FinishStart.Began(session) : new FinishStart.NotBegun(session);
        });
  }

  @Override
  public Optional<Admission> completeFinish(String id, String finisher, NewJob job, Instant now) {
    return db.transaction(
        "completing upload " + id,
        c -> {
          db.dialect().lock(c, job.did());
          db.dialect().lock(c, id);
          if (count(c, "SELECT count(*) FROM uploads" + HELD, id, finisher) == 0) {
            return Optional.empty();
          }
          // The reservation paid for this job: dedupe, but no second quota check.
          Admission admission = JobSql.admit(c, job, null, now);
          String jobId =
              switch (admission) {
                case Admission.Created created -> created.job().id();
                case Admission.Duplicate duplicate -> duplicate.existing().id();
                case Admission.OverQuota over -> throw new IllegalStateException("no quota was checked");
              };
          Database.execute(c, COMPLETE, jobId, now.toEpochMilli(), id, finisher);
          return Optional.of(admission);
        });
  }

  @Override
  public boolean failFinish(String id, String finisher, String reason, Instant now) {
    return db.write(
        "failing upload " + id, c -> Database.execute(c, FAIL, reason, now.toEpochMilli(), id, finisher) == 1);
  }

  @Override
  public boolean releaseFinish(String id, String finisher) {
    return db.write("releasing the finish of upload " + id, c -> Database.execute(c, RELEASE, id, finisher) == 1);
  }

  @Override
  public Optional<UploadSession> abort(String id, Instant now) {
    return db.transaction(
        "aborting upload " + id,
        c -> {
          db.dialect().lock(c, id);
          long millis = now.toEpochMilli();
          Database.execute(c, ABORT, millis, id, millis);
          return read(c, id);
        });
  }

  @Override
  public List<UploadSession> expire(Instant now) {
    return db.transaction(
        "expiring uploads",
        c -> {
          long millis = now.toEpochMilli();
          List<String> ids = ids(c, EXPIRABLE, millis, millis);
          List<UploadSession> expired = new ArrayList<>();
          for (String id : ids) {
            if (Database.execute(c, EXPIRE, millis, id, millis, millis) == 1) {
              expired.add(read(c, id).orElseThrow());
            }
          }
          return expired;
        });
  }

  @Override
  public List<String> endedBefore(Instant endedBefore, int limit) {
    return db.read("listing ended uploads", c -> ids(c, ENDED, endedBefore.toEpochMilli(), limit));
  }

  @Override
  public void forget(String id) {
    db.transaction(
        "forgetting upload " + id,
        c -> {
          Database.execute(c, FORGET_PARTS, id);
          return Database.execute(c, FORGET, id);
        });
  }

  private static Optional<UploadSession> read(Connection c, String id) throws SQLException {
    TreeMap<Integer, UploadSession.Part> parts = new TreeMap<>();
    try (PreparedStatement statement = c.prepareStatement(PARTS)) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          int number = rows.getInt(1);
          parts.put(number, new UploadSession.Part(number, rows.getString(2), rows.getLong(3)));
        }
      }
    }
    try (PreparedStatement statement = c.prepareStatement(FIND)) {
      statement.setString(1, id);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(UploadSessionRow.read(row, parts)) : Optional.empty();
      }
    }
  }

  private static long count(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = bind(c, sql, values);
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  private static List<String> ids(Connection c, String sql, Object... values) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement statement = bind(c, sql, values);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }

  private static PreparedStatement bind(Connection c, String sql, Object... values) throws SQLException {
    PreparedStatement statement = c.prepareStatement(sql);
    for (int i = 0; i < values.length; i++) {
      statement.setObject(i + 1, values[i]);
    }
    return statement;
  }
}
