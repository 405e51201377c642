/** {@link dev.stratus.core.job.JobStore} over JDBC: embedded SQLite now, PostgreSQL later. */
@NullMarked
package dev.stratus.jdbc;

import org.jspecify.annotations.NullMarked;
