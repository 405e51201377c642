package dev.stratus.jdbc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * The database the job and upload session stores share, so that admissions and reservations are
 * one transaction apart from nothing. Reads run on connections of their own, so a status read
 * never waits behind a write.
 *
 * <p>Embedded SQLite: all writes go through one connection, one unit at a time (SQLite lets only
 * one writer in anyway, and queueing here never fails where connections racing for the file's
 * write lock get {@code SQLITE_BUSY}); reads use query-only connections that see the last commit
 * through the write-ahead log. PostgreSQL: one pool for everything.
 */
final class Database implements AutoCloseable {
  /**
   * How long a connection waits for the file's locks. This process's connections hold them only
   * for moments; another process that tries the file waits this long before it is refused.
   */
  private static final int BUSY_TIMEOUT_MS = 10_000;
  /**
   * As many as the machine runs at once: a read never waits inside SQLite, so another connection
   * would only add a page cache. Under 50 connections of status reads on two cores, two readers
   * served 5–10 % more than four. Never fewer than two, so one slow read cannot hold up the rest.
   */
  private static final int SQLITE_READERS = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
  private static final long READER_MAPPING_BYTES = 1L << 30;

  private final Dialect dialect;
  private final ConnectionPool writer;
  private final ConnectionPool readers;

  private Database(Dialect dialect, ConnectionPool writer, ConnectionPool readers) {
    this.dialect = dialect;
    this.writer = writer;
    this.readers = readers;
  }

  /**
   * Opens (creating if needed) {@code file} in write-ahead-log mode and migrates it. The file is
   * this process's alone while it is open: see {@link #processLockedUrl}.
   */
  static Database sqlite(Path file) {
    String url = processLockedUrl(file);
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    // Transactions read, then write. A deferred one would take the write lock only at its first
    // write, and when another connection to the file wrote since its read, SQLite fails it at once
    // with SQLITE_BUSY (the busy timeout cannot help a stale snapshot). Taking the write lock at
    // BEGIN waits for the other writer instead, then reads the newest data.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    // A pool lends each connection to one thread at a time, and the driver serialises every call on
    // a connection besides, so SQLite's own lock around each call on it would guard nothing.
    config.setOpenMode(SQLiteOpenMode.NOMUTEX);
    SQLiteDataSource writes = new SQLiteDataSource(config);
    writes.setUrl(url);
    migrateOwned(writes, file);
    SQLiteConfig reading = new SQLiteConfig();
    reading.setBusyTimeout(BUSY_TIMEOUT_MS);
    reading.setOpenMode(SQLiteOpenMode.NOMUTEX);
    // Readers look up rows scattered over the whole file (each poll, another job), most of them
    // outside their small page cache; read through a mapping, a page costs no system call and no
    // copy. A status read took 11.5 µs instead of 14.7 with 100,000 jobs stored.
    reading.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(READER_MAPPING_BYTES));
    SQLiteDataSource reads = new SQLiteDataSource(reading);
    reads.setUrl(url);
    ConnectionPool writer = new ConnectionPool(file + " (writes)", 1, writes::getConnection);
    try {
      return new Database(Dialect.SQLITE, writer,
          new ConnectionPool(file + " (reads)", SQLITE_READERS, () -> queryOnly(reads.getConnection())));
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  /**
   * The file's URL with SQLite's {@code unix-excl} file system: the first connection locks the
   * file for this process, and its connections then coordinate in memory, without a system call.
   * With the default one, every read transaction took and dropped a lock on the log's index with
   * {@code fcntl}, under a mutex all readers share; under 50 connections of status reads, those
   * calls and the waits on that mutex were a tenth of the server's time. One process owning the
   * file is what the store assumes anyway: a starting node hands back every lease in it.
   */
  static String processLockedUrl(Path file) {
    return "jdbc:sqlite:file:" + uriPath(file.toAbsolutePath().toString()) + "?vfs=unix-excl";
  }

  /** {@code path} as a URI path: SQLite would read {@code ?}, {@code #} and {@code %} as syntax. */
  private static String uriPath(String path) {
    StringBuilder uri = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/-._~".indexOf(c) >= 0) {
        uri.append(c);
      } else {
        uri.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
      }
    }
    return uri.toString();
  }

  /** Migrates the file, or says plainly that another process has it. */
  private static void migrateOwned(SQLiteDataSource writes, Path file) {
    try {
      Migrations.migrate(writes, Dialect.SQLITE.migrations, file.toString());
    } catch (JobStoreException e) {
      if (heldElsewhere(e)) {
        throw new JobStoreException(file + " is in use by another process: without STRATUS_DATABASE_URL,"
            + " each Stratus process needs a data folder of its own", e);
      }
      throw e;
    }
  }

  private static boolean heldElsewhere(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLiteException sqlite && sqlite.getResultCode().code == SQLiteErrorCode.SQLITE_BUSY.code) {
        return true;
      }
    }
    return false;
  }

  /**
   * A reading connection. It is opened for writing, because {@code unix-excl} treats a read-only
   * connection as a stranger and locks for it with system calls; SQLite refuses its writes instead.
   */
  private static Connection queryOnly(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA query_only = 1");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
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
