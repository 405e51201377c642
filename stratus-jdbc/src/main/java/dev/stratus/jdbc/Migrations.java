package dev.stratus.jdbc;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a database's schema up to date with Flyway. Each dialect keeps its own scripts under
 * {@code db/migration/<dialect>}, because the SQL differs (claiming, types) while versions match.
 */
final class Migrations {
  private Migrations() {}

  /** Applies every pending migration; one already applied is never run again. */
  static void migrate(DataSource dataSource, String dialect, String database) {
    try {
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(dataSource)
          .locations("classpath:db/migration/" + dialect)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new JobStoreException("migrating " + database + ": " + e.getMessage(), e);
    }
  }
}
