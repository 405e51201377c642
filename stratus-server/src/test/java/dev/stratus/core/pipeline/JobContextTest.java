package dev.stratus.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.core.job.Job;
import dev.stratus.core.job.NewJob;
import dev.stratus.jdbc.JdbcJobStore;
import dev.stratus.lexicon.JobState;
import dev.stratus.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports of a resumed attempt, on the real store. */
class JobContextTest {
  private static final Duration LEASE = Duration.ofMinutes(1);
  @TempDir Path dir;

  @Test
  void aResumedAttemptNeverShowsLessThanTheEarlierOneReached() throws Exception {
    MutableClock clock = new MutableClock();
    try (JdbcJobStore store = JdbcJobStore.sqlite(dir.resolve("db"), clock);
        Workspace workspace = Workspace.open(dir.resolve("work"), "w")) {
      store.create(new NewJob("job-1", "did:plc:a", "uploads/job-1", "video/mp4", 1, "aa", null));
      Job first = store.claim("worker-a", LEASE).orElseThrow();
      JobContext run1 = new JobContext(first, workspace, store, "worker-a", LEASE);
      run1.report(JobState.ENCODING, 55);

      clock.advance(LEASE.plusSeconds(1));
      Job resumed = store.claim("worker-b", LEASE).orElseThrow();
      JobContext run2 = new JobContext(resumed, workspace, store, "worker-b", LEASE);
      run2.report(JobState.ENCODING, 0);
      assertThat(store.find("job-1").orElseThrow().progress()).isEqualTo(55);
      run2.progress(30);
      assertThat(store.find("job-1").orElseThrow().state()).isEqualTo(JobState.ENCODING);
      assertThat(store.find("job-1").orElseThrow().progress()).isEqualTo(55);
      run2.progress(70);
      assertThat(store.find("job-1").orElseThrow().progress()).isEqualTo(70);
      run2.report(JobState.SCANNING, 0);
      assertThat(store.find("job-1").orElseThrow().state()).isEqualTo(JobState.SCANNING);
      assertThat(store.find("job-1").orElseThrow().progress()).isZero();
    }
  }
}
