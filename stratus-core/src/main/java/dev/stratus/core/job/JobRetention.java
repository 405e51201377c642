package dev.stratus.core.job;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the rows of jobs that ended longer ago than the retention period (30 days by default:
 * long enough for dedupe and for clients that ask late), in batches. Media stays until it is
 * deleted on purpose. Run it on a timer with {@link #sweep()}; it is safe on several nodes at once.
 */
public final class JobRetention {
  private static final Logger LOG = LoggerFactory.getLogger(JobRetention.class);
  private static final int BATCH = 1000;

  private final JobStore jobs;
  private final Duration retention;
  private final Clock clock;

  public JobRetention(JobStore jobs, Duration retention, Clock clock) {
    this.jobs = jobs;
    this.retention = retention;
    this.clock = clock;
  }

  /** Forgets every job that ended before now minus the retention; returns how many. */
  public int sweep() {
    int total = 0;
    int deleted;
    do {
      deleted = jobs.forgetFinished(clock.instant().minus(retention), BATCH);
      total += deleted;
    } while (deleted == BATCH);
    if (total > 0) {
      LOG.info("jobs: {} forgotten, ended more than {} days ago", total, retention.toDays());
    }
    return total;
  }
}
