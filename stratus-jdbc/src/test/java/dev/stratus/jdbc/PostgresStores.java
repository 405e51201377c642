package dev.stratus.jdbc;

import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.sql.TestPostgres;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores on a fresh PostgreSQL database for one test: the first, then any number more on the same
 * database as other nodes would open them. Closing drops the database.
 */
final class PostgresStores implements AutoCloseable {
  private final TestPostgres database = TestPostgres.create();
  private final MutableClock clock;
  private final List<JdbcJobStore> opened = new ArrayList<>();

  PostgresStores(MutableClock clock) {
    this.clock = clock;
  }

  /** Another node's store (a pool of its own) on the test's database. */
  JdbcJobStore open() {
    JdbcJobStore store = JdbcJobStore.postgres(database.url(), "", "", 4, clock);
    opened.add(store);
    return store;
  }

  String url() {
    return database.url();
  }

  @Override
  public void close() {
    opened.forEach(JdbcJobStore::close);
    database.close();
  }
}
