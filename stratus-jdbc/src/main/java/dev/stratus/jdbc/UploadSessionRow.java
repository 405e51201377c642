package dev.stratus.jdbc;

import dev.stratus.core.upload.UploadSession;
import dev.stratus.lexicon.UploadState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.SortedMap;

/** Reads one row of the {@code uploads} table, the same in every dialect, into a session. */
final class UploadSessionRow {
  private UploadSessionRow() {}

  static UploadSession read(ResultSet row, SortedMap<Integer, UploadSession.Part> parts) throws SQLException {
    long ended = row.getLong("ended_at");
    Instant endedAt = row.wasNull() ? null : Instant.ofEpochMilli(ended);
    return new UploadSession(
        row.getString("id"),
        row.getString("did"),
        row.getString("mime_type"),
        row.getString("name"),
        row.getLong("size_bytes"),
        row.getLong("part_size"),
        row.getInt("part_count"),
        UploadState.of(row.getString("state")),
        Instant.ofEpochMilli(row.getLong("created_at")),
        Instant.ofEpochMilli(row.getLong("expires_at")),
        endedAt,
        row.getString("completed_job_id"),
        row.getString("failure_reason"),
        parts);
  }
}
