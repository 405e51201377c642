package dev.stratus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.sql.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Held media and caption tracks on both databases: what is hidden, what comes back, and what is
 * due for deletion when.
 */
class MediaHoldsTest {
  private static final String ALICE = "did:plc:alice";
  private static final String BOB = "did:plc:bob";
  private static final String VIDEO = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
  private static final String OTHER = "bafkreiaxnnnb7qz2focittuqq3ya25q7rcv3bqynnczfzao35qhgosknti";
  private static final Duration GRACE = Duration.ofHours(1);

  @TempDir Path dir;

  private static void behaves(JdbcJobStore store, MutableClock clock) {
    MediaHolds holds = store.mediaHolds();
    Instant later = clock.instant().plus(GRACE);
    assertThat(holds.hidden(ALICE, VIDEO)).isEmpty();

    holds.removeVideo(ALICE, VIDEO, later);
    assertThat(holds.hidden(ALICE, VIDEO)).contains("removed");
    assertThat(holds.hidden(ALICE, OTHER)).isEmpty();
    assertThat(holds.hidden(BOB, VIDEO)).isEmpty();

    holds.holdAccount(BOB, "deactivated", null);
    holds.holdAccount(ALICE, "takendown", later);
    assertThat(holds.hidden(BOB, OTHER)).contains("deactivated");
    assertThat(holds.hidden(ALICE, OTHER)).contains("takendown");
    assertThat(holds.duePurges(10)).isEmpty();

    clock.advance(GRACE);
    assertThat(holds.duePurges(10)).containsExactlyInAnyOrder(
        new MediaHolds.Purge(ALICE, null), new MediaHolds.Purge(ALICE, VIDEO));
    holds.purged(new MediaHolds.Purge(ALICE, VIDEO));
    assertThat(holds.duePurges(10)).containsExactly(new MediaHolds.Purge(ALICE, null));

    // A new post of the video serves it again; its files were purged, so it must be fetched again.
    assertThat(holds.restoreVideo(ALICE, VIDEO)).isTrue();
    assertThat(holds.restoreVideo(ALICE, OTHER)).isFalse();
    // A reactivation before any purge finds its files still there.
    assertThat(holds.releaseAccount(BOB)).isFalse();
    assertThat(holds.hidden(BOB, OTHER)).isEmpty();

    VideoCaptions captions = store.videoCaptions();
    captions.record(ALICE, VIDEO, "en", "bafkreien1");
    captions.record(ALICE, VIDEO, "de", "bafkreide1");
    captions.record(ALICE, VIDEO, "en", "bafkreien2"); // a later post replaces the track
    assertThat(captions.of(ALICE, VIDEO)).containsExactly(Map.entry("de", "bafkreide1"), Map.entry("en", "bafkreien2"));
    assertThat(captions.of(ALICE, OTHER)).isEmpty();
  }

  @Test
  void onSqlite() {
    MutableClock clock = new MutableClock();
    try (JdbcJobStore store = JdbcJobStore.sqlite(dir.resolve("holds.db"), clock)) {
      behaves(store, clock);
    }
  }

  @Test
  void onPostgres() {
    MutableClock clock = new MutableClock();
    try (TestPostgres database = TestPostgres.create();
        JdbcJobStore store = JdbcJobStore.postgres(database.url(), "", "", 2, clock)) {
      behaves(store, clock);
    }
  }
}
