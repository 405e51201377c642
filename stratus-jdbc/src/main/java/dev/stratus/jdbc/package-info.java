/** {@link dev.stratus.core.job.JobStore} over JDBC: embedded SQLite, or PostgreSQL shared by many nodes. */
@NullMarked
package dev.stratus.jdbc;

import org.jspecify.annotations.NullMarked;
