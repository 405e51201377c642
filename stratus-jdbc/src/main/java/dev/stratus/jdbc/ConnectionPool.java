package dev.stratus.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed number of connections to one database, each lent to one piece of work at a time, each
 * with the statements kept for its life. A connection that breaks (the server restarted, the
 * network dropped) is replaced before it is lent again.
 */
final class ConnectionPool implements AutoCloseable {
  /** Opens one connection. */
  interface Opener {
    Connection open() throws SQLException;
  }

  /** Work on a lent connection. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private static final class Slot {
    Connection connection;
    final Map<String, PreparedStatement> kept = new HashMap<>();

    Slot(Connection connection) {
      this.connection = connection;
    }

    void closeQuietly() {
      try {
        for (PreparedStatement statement : kept.values()) {
          statement.close();
        }
        connection.close();
      } catch (SQLException e) {
        // Closing a broken connection can fail too; it is being dropped either way.
      }
      kept.clear();
    }
  }

  private final String name;
  private final Opener opener;
  private final BlockingQueue<Slot> idle;
  private final List<Slot> all = new ArrayList<>();
  private final ThreadLocal<Slot> lent = new ThreadLocal<>();

  ConnectionPool(String name, int size, Opener opener) {
    this.name = name;
    this.opener = opener;
    this.idle = new ArrayBlockingQueue<>(size);
    try {
      for (int i = 0; i < size; i++) {
        Slot slot = new Slot(opener.open());
        all.add(slot);
        idle.add(slot);
      }
    } catch (SQLException e) {
      all.forEach(Slot::closeQuietly);
      throw new JobStoreException("opening " + name + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} on a connection of its own, waiting for one if all are lent. */
  <T> T with(String what, Work<T> work) {
    Slot slot = takeUninterruptibly();
    lent.set(slot);
    try {
      if (slot.connection.isClosed()) {
        reopen(slot);
      }
      return work.run(slot.connection);
    } catch (SQLException e) {
      if (broken(e)) {
        reopenQuietly(slot);
      }
      throw new JobStoreException(what + ": " + e.getMessage(), e);
    } finally {
      lent.remove();
      idle.add(slot);
    }
  }

  /**
   * Waits for a connection as a lock would: an interrupt (a worker told to stop) does not abandon
   * the store's work halfway; it stays set for the caller to act on once the work is done.
   */
  private Slot takeUninterruptibly() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return idle.take();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * {@code sql} prepared once for the lent connection's life, for a statement run on every request
   * (a status read); only inside {@link #with} work, and never closed by it.
   */
  PreparedStatement kept(String sql) throws SQLException {
    Slot slot = lent.get();
    if (slot == null) {
      throw new IllegalStateException("a kept statement is used only on a lent connection");
    }
    PreparedStatement statement = slot.kept.get(sql);
    if (statement == null) {
      statement = slot.connection.prepareStatement(sql);
      slot.kept.put(sql, statement);
    }
    return statement;
  }

  /** SQL state class 08 is "connection exception": the connection, not the statement, failed. */
  private static boolean broken(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("08");
  }

  private void reopen(Slot slot) throws SQLException {
    slot.closeQuietly();
    slot.connection = opener.open();
  }

  private void reopenQuietly(Slot slot) {
    try {
      reopen(slot);
    } catch (SQLException e) {
      // Still down: the next piece of work tries again.
    }
  }

  @Override
  public void close() {
    all.forEach(Slot::closeQuietly);
  }
}
