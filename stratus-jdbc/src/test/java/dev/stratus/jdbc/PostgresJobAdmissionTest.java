package dev.stratus.jdbc;

import dev.stratus.core.job.JobStore;
import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.job.JobAdmissionContract;
import org.junit.jupiter.api.AfterEach;

/** The admission contract on PostgreSQL, the races run across three nodes' stores on one database. */
class PostgresJobAdmissionTest extends JobAdmissionContract {
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

  @AfterEach
  void dropDatabase() {
    stores.close();
  }
}
