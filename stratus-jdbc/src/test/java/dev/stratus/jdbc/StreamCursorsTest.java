package dev.stratus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.sql.TestPostgres;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stream cursors on both databases: absent, saved, moved on, kept across opens, one per stream. */
class StreamCursorsTest {
  @TempDir Path dir;

  private static void behaves(JdbcJobStore first, JdbcJobStore reopened) {
    StreamCursors cursors = first.streamCursors();
    String relay = "wss://relay.example";
    assertThat(cursors.load(relay)).isEmpty();

    cursors.save(relay, 41);
    cursors.save(relay, 26_600_000_000L);
    cursors.save("wss://pds.example", 7);

    assertThat(reopened.streamCursors().load(relay)).isEqualTo(OptionalLong.of(26_600_000_000L));
    assertThat(reopened.streamCursors().load("wss://pds.example")).isEqualTo(OptionalLong.of(7));
  }

  @Test
  void onSqlite() {
    MutableClock clock = new MutableClock();
    Path file = dir.resolve("cursors.db");
    try (JdbcJobStore first = JdbcJobStore.sqlite(file, clock); JdbcJobStore second = JdbcJobStore.sqlite(file, clock)) {
      behaves(first, second);
    }
  }

  @Test
  void onPostgres() {
    MutableClock clock = new MutableClock();
    try (TestPostgres database = TestPostgres.create();
        JdbcJobStore first = JdbcJobStore.postgres(database.url(), "", "", 2, clock);
        JdbcJobStore second = JdbcJobStore.postgres(database.url(), "", "", 2, clock)) {
      behaves(first, second);
    }
  }
}
