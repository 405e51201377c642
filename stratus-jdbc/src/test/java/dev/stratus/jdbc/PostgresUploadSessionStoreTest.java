package dev.stratus.jdbc;

import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.upload.UploadSessionStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The upload session contract on PostgreSQL, the races run across two nodes' stores on one database. */
class PostgresUploadSessionStoreTest extends UploadSessionStoreContract {
  private PostgresStores stores;

  @Override
  protected Stores newStores(MutableClock clock) {
    stores = new PostgresStores(clock);
    JdbcJobStore store = stores.open();
    return new Stores(store, store.uploadSessions());
  }

  @Override
  protected Stores openAnother() {
    JdbcJobStore store = stores.open();
    return new Stores(store, store.uploadSessions());
  }

  @AfterEach
  void dropDatabase() {
    stores.close();
  }
}
