/** Real databases for tests: a fresh PostgreSQL database per use. */
@NullMarked
package dev.stratus.testkit.sql;

import org.jspecify.annotations.NullMarked;
