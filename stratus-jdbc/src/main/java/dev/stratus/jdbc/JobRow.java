package dev.stratus.jdbc;

import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobPriority;
import dev.stratus.core.job.PdsHandoff;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Reads one row of the {@code jobs} table, the same in every dialect, into a {@link Job}. Queries
 * select {@link #COLUMNS}, in that order, and the row is read by position: looking columns up by
 * name made the SQLite driver list every column's name again for each status read.
 */
final class JobRow {
  /**
   * What a query that {@link #readStatus}es a job selects: {@link #COLUMNS} from the second to the
   * tenth. Not the id, which the caller already has: the driver fetches each column's name and
   * value with calls of their own, a third of a status read's cost in the store.
   */
  static final String STATUS_COLUMNS =
      "did, state, progress, blob_cid, blob_mime, blob_size, failure_code, error, message";
  /** What a query that {@link #read}s jobs selects (or returns), in this order. */
  static final String COLUMNS = "id, " + STATUS_COLUMNS
      + ", input_key, input_mime, input_size, created_at, updated_at, attempts, pds_url, pds_token, source_cid,"
      + " priority";

  private JobRow() {}

  static Job read(ResultSet row) throws SQLException {
    return new Job(
        row.getString(1),
        row.getString(2),
        JobState.of(row.getString(3)),
        row.getInt(4),
        blob(row.getString(5), row.getString(6), row.getLong(7)),
        failureCode(row.getString(8)),
        row.getString(9),
        row.getString(10),
        row.getString(11),
        row.getString(12),
        row.getLong(13),
        Instant.ofEpochMilli(row.getLong(14)),
        Instant.ofEpochMilli(row.getLong(15)),
        row.getInt(16),
        handoff(row.getString(17), row.getString(18)),
        row.getString(19),
        JobPriority.ofRank(row.getInt(20)));
  }

  /**
   * Job {@code jobId}'s row of {@link #STATUS_COLUMNS} as {@code getJobStatus} shows it ({@link
   * Job#toStatus()}).
   */
  static JobStatus readStatus(String jobId, ResultSet row) throws SQLException {
    return new JobStatus(
        jobId,
        row.getString(1),
        JobState.of(row.getString(2)),
        row.getInt(3),
        blob(row.getString(4), row.getString(5), row.getLong(6)),
        row.getString(8),
        failureCode(row.getString(7)),
        row.getString(9));
  }

  private static @Nullable BlobRef blob(@Nullable String cid, @Nullable String mime, long size) {
    return cid == null ? null : BlobRef.of(cid, mime, size);
  }

  private static @Nullable PdsHandoff handoff(@Nullable String url, @Nullable String token) {
    return url == null || token == null ? null : new PdsHandoff(url, token);
  }

  private static @Nullable FailureCode failureCode(@Nullable String code) {
    return code == null ? null : FailureCode.of(code);
  }
}
