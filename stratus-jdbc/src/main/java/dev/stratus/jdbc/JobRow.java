package dev.stratus.jdbc;

import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobPriority;
import dev.stratus.core.job.PdsHandoff;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Reads one row of the {@code jobs} table, the same in every dialect, into a {@link Job}. */
final class JobRow {
  private JobRow() {}

  static Job read(ResultSet row) throws SQLException {
    return new Job(
        row.getString("id"),
        row.getString("did"),
        JobState.of(row.getString("state")),
        row.getInt("progress"),
        blob(row),
        failureCode(row),
        row.getString("error"),
        row.getString("message"),
        row.getString("input_key"),
        row.getString("input_mime"),
        row.getLong("input_size"),
        Instant.ofEpochMilli(row.getLong("created_at")),
        Instant.ofEpochMilli(row.getLong("updated_at")),
        row.getInt("attempts"),
        handoff(row),
        row.getString("source_cid"),
        JobPriority.ofRank(row.getInt("priority")));
  }

  private static @Nullable BlobRef blob(ResultSet row) throws SQLException {
    String cid = row.getString("blob_cid");
    return cid == null
        ? null
        : BlobRef.of(cid, row.getString("blob_mime"), row.getLong("blob_size"));
  }

  private static @Nullable PdsHandoff handoff(ResultSet row) throws SQLException {
    String url = row.getString("pds_url");
    String token = row.getString("pds_token");
    return url == null || token == null ? null : new PdsHandoff(url, token);
  }

  private static @Nullable FailureCode failureCode(ResultSet row) throws SQLException {
    String code = row.getString("failure_code");
    return code == null ? null : FailureCode.of(code);
  }
}
