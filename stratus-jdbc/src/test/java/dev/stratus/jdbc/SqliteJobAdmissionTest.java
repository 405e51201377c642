package dev.stratus.jdbc;

import dev.stratus.core.job.JobStore;
import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.job.JobAdmissionContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The admission contract on SQLite, the races run across two stores on one file. */
class SqliteJobAdmissionTest extends JobAdmissionContract {
  @TempDir Path dir;
  private MutableClock clock;

  @Override
  protected JobStore newStore(MutableClock clock) {
    this.clock = clock;
    return JdbcJobStore.sqlite(dir.resolve("contract.db"), clock);
  }

  @Override
  protected JobStore openAnother() {
    return JdbcJobStore.sqlite(dir.resolve("contract.db"), clock);
  }
}
