package dev.stratus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.sql.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The posts-to-videos index on both databases: a video stays posted until its last post goes. */
class PostedVideosTest {
  private static final String ALICE = "did:plc:alice";
  private static final String VIDEO = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
  private static final String OTHER = "bafkreiaxnnnb7qz2focittuqq3ya25q7rcv3bqynnczfzao35qhgosknti";

  @TempDir Path dir;

  private static void behaves(PostedVideos videos) {
    videos.record(ALICE, "3kone", VIDEO);
    videos.record(ALICE, "3ktwo", VIDEO); // the same video posted twice
    videos.record("did:plc:bob", "3kbob", VIDEO); // and by someone else

    assertThat(videos.forget(ALICE, "3kone")).contains(VIDEO);
    assertThat(videos.stillPosted(ALICE, VIDEO)).isTrue();
    assertThat(videos.forget(ALICE, "3ktwo")).contains(VIDEO);
    assertThat(videos.stillPosted(ALICE, VIDEO)).isFalse();
    assertThat(videos.stillPosted("did:plc:bob", VIDEO)).isTrue();
    assertThat(videos.forget(ALICE, "3knever")).isEmpty();

    // An update that swaps the video: the old one is no longer posted by that post.
    videos.record(ALICE, "3kthree", VIDEO);
    videos.record(ALICE, "3kthree", OTHER);
    assertThat(videos.stillPosted(ALICE, VIDEO)).isFalse();
    assertThat(videos.stillPosted(ALICE, OTHER)).isTrue();
  }

  @Test
  void onSqlite() {
    try (JdbcJobStore store = JdbcJobStore.sqlite(dir.resolve("index.db"), new MutableClock())) {
      behaves(store.postedVideos());
    }
  }

  @Test
  void onPostgres() {
    try (TestPostgres database = TestPostgres.create();
        JdbcJobStore store = JdbcJobStore.postgres(database.url(), "", "", 2, new MutableClock())) {
      behaves(store.postedVideos());
    }
  }
}
