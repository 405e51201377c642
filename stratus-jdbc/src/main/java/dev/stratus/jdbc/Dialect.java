package dev.stratus.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Where SQLite and PostgreSQL differ for the stores; every other statement is the same text on
 * both (times are epoch milliseconds in 64-bit integers, names are text).
 */
enum Dialect {
  /**
   * One process owns the file; every transaction starts IMMEDIATE, taking the database's one
   * write lock, so a transaction is already alone with the data it checks.
   */
  SQLITE("sqlite", "") {
    @Override
    void lock(Connection c, String key) {}
  },
  /**
   * Many nodes share the database. A claim skips rows another node is claiming; checks that span
   * rows (an account's quota, an upload's parts) take a transaction-scoped advisory lock on their
   * key, so two nodes admitting for one account run one after the other.
   */
  POSTGRES("postgres", " FOR UPDATE SKIP LOCKED") {
    @Override
    void lock(Connection c, String key) throws SQLException {
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
        lock.setString(1, key);
        lock.execute();
      }
    }
  };

  /** The folder of its migrations under {@code db/migration}. */
  final String migrations;
  /** What the claim's inner {@code SELECT} ends with. */
  final String claimRowLock;

  Dialect(String migrations, String claimRowLock) {
    this.migrations = migrations;
    this.claimRowLock = claimRowLock;
  }

  /** Inside a transaction: waits until no other transaction holds {@code key}, then holds it until the end. */
  abstract void lock(Connection c, String key) throws SQLException;
}
