package dev.stratus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.job.NewJob;
import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.job.JobLeaseContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lease contract on PostgreSQL, with stores of other nodes on the same database; and no lease theft. */
class PostgresJobStoreTest extends JobLeaseContract {
  private PostgresStores stores;

  @Override
  protected JobStore newStore(MutableClock clock) {
    stores = new PostgresStores(clock);
    return stores.open();
  }

  @Override
  protected JobStore openAnother() {
    return stores.open();
  }

  @Override
  protected boolean ownedByOneProcess() {
    return false;
  }

  @AfterEach
  void dropDatabase() {
    stores.close();
  }

  @Test
  void aStartingNodeLeavesOtherNodesLeasesAlone() {
    JdbcJobStore first = stores.open();
    first.create(new NewJob("job-1", "did:plc:alice", "uploads/job-1", "video/mp4", 10, "ab", null));
    Job claimed = first.claim("node-a-worker", Duration.ofMinutes(5)).orElseThrow();

    JdbcJobStore second = stores.open();
    assertThat(second.ownedByOneProcess()).isFalse();
    assertThatThrownBy(second::releaseAllLeases).isInstanceOf(IllegalStateException.class);
    assertThat(second.claim("node-b-worker", Duration.ofMinutes(5))).isEmpty();
    assertThat(first.update(claimed.id(), "node-a-worker", claimed.state(), 10, Duration.ofMinutes(5))).isTrue();
  }
}
