package dev.stratus.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded SQLite file that one process owns, shared by the job store and the upload session
 * store so that admissions and reservations are one transaction apart from nothing.
 *
 * <p>All work goes through one connection, one unit at a time: SQLite lets only one writer in
 * anyway, and queueing on a lock here never fails, where connections racing for the file's write
 * lock can get {@code SQLITE_BUSY}.
 */
final class SqliteDatabase implements AutoCloseable {
  /** Long enough to outlast another process's checkpoint; this process never waits on itself. */
  private static final int BUSY_TIMEOUT_MS = 10_000;

  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  // Statements of the reads every request makes, parsed once; used only under the lock.
  private final Map<String, PreparedStatement> kept = new HashMap<>();

  private SqliteDatabase(Connection connection) {
    this.connection = connection;
  }

  /** Opens (creating if needed) {@code file} in write-ahead-log mode and migrates it. */
  static SqliteDatabase open(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    // Transactions read, then write. A deferred one would take the write lock only at its first
    // write, and when another connection to the file wrote since its read, SQLite fails it at once
    // with SQLITE_BUSY (the busy timeout cannot help a stale snapshot). Taking the write lock at
    // BEGIN waits for the other writer instead, then reads the newest data.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    Migrations.migrate(dataSource, "sqlite", file.toString());
    try {
      return new SqliteDatabase(dataSource.getConnection());
    } catch (SQLException e) {
      throw new JobStoreException("opening " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} alone on the connection; {@code what} names it in errors. */
  <T> T locked(String what, Work<T> work) {
    lock.lock();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new JobStoreException(what + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@code sql} prepared once for the connection's life, for a query run on every request (a
   * status read); only for use inside {@link #locked} work, and never closed by it.
   */
  PreparedStatement kept(String sql) throws SQLException {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("a kept statement is used only under the lock");
    }
    PreparedStatement statement = kept.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      kept.put(sql, statement);
    }
    return statement;
  }

  /** Runs {@code work} alone and in one transaction, rolled back if it throws. */
  <T> T transaction(String what, Work<T> work) {
    return locked(
        what,
        c -> {
          c.setAutoCommit(false);
          try {
            T result = work.run(c);
            c.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        });
  }

  /** Runs {@code sql} with {@code values} bound in order; returns the rows it changed. */
  static int execute(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      return statement.executeUpdate();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      for (PreparedStatement statement : kept.values()) {
        statement.close();
      }
      connection.close();
    } catch (SQLException e) {
      throw new JobStoreException("closing: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }
}
