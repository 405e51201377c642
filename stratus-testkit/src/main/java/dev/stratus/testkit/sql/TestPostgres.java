package dev.stratus.testkit.sql;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A new, empty PostgreSQL database on the server the tests use, dropped on {@link #close()}. The
 * server is {@code STRATUS_TEST_POSTGRES_URL} (a JDBC URL to any database on it, e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}, the default). When it cannot be
 * reached the test fails with what to do, never skips: {@code .ci/run} starts one.
 */
public final class TestPostgres implements AutoCloseable {
  private static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String adminUrl;
  private final String name;
  private final String url;

  private TestPostgres(String adminUrl, String name, String url) {
    this.adminUrl = adminUrl;
    this.name = name;
    this.url = url;
  }

  /** Creates {@code stratus_test_<random>} and returns it. */
  public static TestPostgres create() {
    String adminUrl = System.getenv().getOrDefault("STRATUS_TEST_POSTGRES_URL", DEFAULT_ADMIN_URL);
    byte[] suffix = new byte[6];
    RANDOM.nextBytes(suffix);
    String name = "stratus_test_" + HexFormat.of().formatHex(suffix);
    try (Connection admin = DriverManager.getConnection(adminUrl);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is needed at " + adminUrl + " (STRATUS_TEST_POSTGRES_URL) and could not"
          + " be used: " + e.getMessage() + ". Start it (pg_ctlcluster 15 main start), as .ci/run does.", e);
    }
    return new TestPostgres(adminUrl, name, withDatabase(adminUrl, name));
  }

  /** The JDBC URL of the new database, with the admin URL's user and options. */
  public String url() {
    return url;
  }

  /** The database's name. */
  public String name() {
    return name;
  }

  /** The admin URL with its database replaced by {@code name}. */
  static String withDatabase(String adminUrl, String name) {
    int query = adminUrl.indexOf('?');
    String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
    String options = query < 0 ? "" : adminUrl.substring(query);
    return base.substring(0, base.lastIndexOf('/') + 1) + name + options;
  }

  /** Drops the database, closing whatever connections are still open to it. */
  @Override
  public void close() {
    try (Connection admin = DriverManager.getConnection(adminUrl);
        Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("dropping test database " + name + ": " + e.getMessage(), e);
    }
  }
}
