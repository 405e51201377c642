package dev.stratus.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The database the job and upload session stores share, so that admissions and reservations are
 * one transaction apart from nothing. Reads run on connections of their own, so a status read
 * never waits behind a write.
 *
 * <p>Embedded SQLite: all writes go through one connection, one unit at a time (SQLite lets only
 * one writer in anyway, and queueing here never fails where connections racing for the file's
 * write lock get {@code SQLITE_BUSY}); reads use read-only connections that see the last commit
 * through the write-ahead log. PostgreSQL: one pool for everything.
 */
final class Database implements AutoCloseable {
  /** Long enough to outlast another process's checkpoint; this process never waits on itself. */
  private static final int BUSY_TIMEOUT_MS = 10_000;
  private static final int SQLITE_READERS = 4;
  private static final long READER_MAPPING_BYTES = 1L << 30;

  private final Dialect dialect;
  private final ConnectionPool writer;
  private final ConnectionPool readers;

  private Database(Dialect dialect, ConnectionPool writer, ConnectionPool readers) {
    this.dialect = dialect;
    this.writer = writer;
    this.readers = readers;
  }

  /** Opens (creating if needed) {@code file} in write-ahead-log mode and migrates it. */
  static Database sqlite(Path file) {
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    // Transactions read, then write. A deferred one would take the write lock only at its first
    // write, and when another connection to the file wrote since its read, SQLite fails it at once
    // with SQLITE_BUSY (the busy timeout cannot help a stale snapshot). Taking the write lock at
    // BEGIN waits for the other writer instead, then reads the newest data.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource writes = new SQLiteDataSource(config);
    writes.setUrl(url);
    Migrations.migrate(writes, Dialect.SQLITE.migrations, file.toString());
    SQLiteConfig readOnly = new SQLiteConfig();
    readOnly.setReadOnly(true);
    readOnly.setBusyTimeout(BUSY_TIMEOUT_MS);
    // Readers look up rows scattered over the whole file (each poll, another job), most of them
    // outside their small page cache; read through a mapping, a page costs no system call and no
    // copy. A status read took 11.5 µs instead of 14.7 with 100,000 jobs stored.
    readOnly.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(READER_MAPPING_BYTES));
    SQLiteDataSource reads = new SQLiteDataSource(readOnly);
    reads.setUrl(url);
    ConnectionPool writer = new ConnectionPool(file + " (writes)", 1, writes::getConnection);
    try {
      return new Database(Dialect.SQLITE, writer, new ConnectionPool(file + " (reads)", SQLITE_READERS, reads::getConnection));
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  /**
   * Connects {@code connections} times to the PostgreSQL database at {@code url}
   * ({@code jdbc:postgresql://host:port/name}) and migrates it.
   */
  static Database postgres(String url, String user, String password, int connections) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(url);
    if (!user.isEmpty()) {
      source.setUser(user);
    }
    if (!password.isEmpty()) {
      source.setPassword(password);
    }
    Migrations.migrate(source, Dialect.POSTGRES.migrations, redacted(url));
    ConnectionPool pool = new ConnectionPool(redacted(url), connections, source::getConnection);
    return new Database(Dialect.POSTGRES, pool, pool);
  }

  /** The URL without its query, which may carry a password. */
  static String redacted(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  Dialect dialect() {
    return dialect;
  }

  /** Runs {@code work} on a reading connection; {@code what} names it in errors. */
  <T> T read(String what, ConnectionPool.Work<T> work) {
    return readers.with(what, work);
  }

  /** Runs {@code work} on the writing connection, each statement committed at once. */
  <T> T write(String what, ConnectionPool.Work<T> work) {
    return writer.with(what, work);
  }

  /** Runs {@code work} in one transaction on the writing connection, rolled back if it throws. */
  <T> T transaction(String what, ConnectionPool.Work<T> work) {
    return writer.with(
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

  /** {@code sql} prepared once per reading connection; only inside {@link #read} work, never closed by it. */
  PreparedStatement keptForReading(String sql) throws SQLException {
    return readers.kept(sql);
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
    writer.close();
    if (readers != writer) {
      readers.close();
    }
  }
}
