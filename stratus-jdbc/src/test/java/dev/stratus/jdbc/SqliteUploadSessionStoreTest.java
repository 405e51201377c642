package dev.stratus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.core.job.Quota;
import dev.stratus.core.job.Usage;
import dev.stratus.core.upload.NewUploadSession;
import dev.stratus.core.upload.UploadSession;
import dev.stratus.core.upload.UploadSessionStore.FinishStart;
import dev.stratus.core.upload.UploadSessionStore.PartRecord;
import dev.stratus.core.upload.UploadSessionStore.Reservation;
import dev.stratus.lexicon.UploadState;
import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.upload.UploadSessionStoreContract;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteUploadSessionStoreTest extends UploadSessionStoreContract {
  @TempDir Path dir;
  private @Nullable MutableClock clock;

  @Override
  protected Stores newStores(MutableClock clock) {
    this.clock = clock;
    JdbcJobStore store = JdbcJobStore.sqlite(dir.resolve("contract.db"), clock);
    return new Stores(store, store.uploadSessions());
  }

  @Override
  protected Stores openAnother() {
    JdbcJobStore store = JdbcJobStore.sqlite(dir.resolve("contract.db"), clock);
    return new Stores(store, store.uploadSessions());
  }

  @Test
  void sessionsAndTheirPartsOutliveTheStore() {
    Path file = dir.resolve("durable.db");
    MutableClock clock = new MutableClock();
    Instant now = clock.instant();
    Quota quota = new Quota(now.minus(Duration.ofDays(1)), 10, 1_000_000);
    UploadSession.Part one = new UploadSession.Part(1, "parts/open/1", 1_000);
    UploadSession.Part two = new UploadSession.Part(2, "parts/open/2", 500);
    UploadSession open;
    UploadSession finishing;
    UploadSession aborted;
    try (JdbcJobStore store = JdbcJobStore.sqlite(file, clock)) {
      JdbcUploadSessionStore sessions = store.uploadSessions();
      sessions.reserve(session("open", 1_500, now), quota, 10, now);
      sessions.recordPart("open", one, now);
      sessions.recordPart("open", two, now);
      open = sessions.find("open").orElseThrow();
      sessions.reserve(session("finishing", 10, now), quota, 10, now);
      sessions.recordPart("finishing", new UploadSession.Part(1, "parts/finishing/1", 10), now);
      finishing =
          ((FinishStart.Began) sessions.beginFinish("finishing", "finisher-a", now, now.plusSeconds(300)))
              .session();
      sessions.reserve(session("aborted", 10, now), quota, 10, now);
      aborted = sessions.abort("aborted", now).orElseThrow();
    }

    try (JdbcJobStore reopened = JdbcJobStore.sqlite(file, clock)) {
      JdbcUploadSessionStore sessions = reopened.uploadSessions();
      assertThat(sessions.find("open")).contains(open);
      assertThat(open.parts()).containsOnlyKeys(1, 2);
      assertThat(open.parts().get(1)).isEqualTo(one);
      assertThat(sessions.find("finishing")).contains(finishing);
      assertThat(sessions.find("aborted")).contains(aborted);
      assertThat(aborted.state()).isEqualTo(UploadState.ABORTED);
      assertThat(reopened.usage("did:plc:alice", now.minus(Duration.ofDays(1))))
          .as("the open and the finishing sessions still hold their reservations")
          .isEqualTo(new Usage(2, 1_510));
      assertThat(sessions.recordPart("open", new UploadSession.Part(2, "parts/open/2-again", 500), now))
          .isEqualTo(new PartRecord.Recorded("parts/open/2"));
      assertThat(sessions.beginFinish("finishing", "finisher-b", now, now.plusSeconds(300)))
          .as("the finish lease outlives the store too")
          .isInstanceOf(FinishStart.NotBegun.class);
      assertThat(sessions.releaseFinish("finishing", "finisher-a")).isTrue();
      assertThat(sessions.reserve(session("more", 10, now), quota, 2, now))
          .isEqualTo(new Reservation.TooManyOpen(2));
    }
  }

  private static NewUploadSession session(String id, long size, Instant now) {
    return new NewUploadSession(id, "did:plc:alice", "video/mp4", id + ".mp4", size, 1_000, now.plus(Duration.ofHours(1)));
  }
}
