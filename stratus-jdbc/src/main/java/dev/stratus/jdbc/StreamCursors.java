package dev.stratus.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.OptionalLong;

/**
 * The last handled sequence number of each followed event stream, in the stores' database, so
 * that a node (or the next one to follow the stream) resumes where handling stopped.
 */
public final class StreamCursors {
  private static final String LOAD = "SELECT seq FROM stream_cursors WHERE source = ?";
  private static final String SAVE =
      "INSERT INTO stream_cursors (source, seq, updated_at) VALUES (?, ?, ?)"
          + " ON CONFLICT (source) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at";

  private final Database db;
  private final Clock clock;

  StreamCursors(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The last handled sequence number of {@code source}; empty when it was never followed. */
  public OptionalLong load(String source) {
    return db.read("reading the cursor of " + source, c -> {
      try (PreparedStatement statement = c.prepareStatement(LOAD)) {
        statement.setString(1, source);
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
        }
      }
    });
  }

  /** Records that {@code source} has been handled up to {@code seq}. */
  public void save(String source, long seq) {
    db.write("saving the cursor of " + source, c -> Database.execute(c, SAVE, source, seq, clock.millis()));
  }
}
