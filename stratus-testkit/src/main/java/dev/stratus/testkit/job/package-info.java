/** Contract tests for {@link dev.stratus.core.job.JobStore}, run against every implementation. */
@NullMarked
package dev.stratus.testkit.job;

import org.jspecify.annotations.NullMarked;
