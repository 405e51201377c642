package dev.stratus.core.pipeline;

import dev.stratus.core.job.JobStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a running job's lease each time it runs (on a timer), and interrupts the worker when a
 * renewal finds the lease gone: another worker took the job over, so this run must stop and write
 * nothing. A renewal that fails because the database is out of reach is tried again at the next
 * beat; the lease still runs meanwhile.
 */
final class LeaseHeartbeat implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);

  private final JobStore store;
  private final String jobId;
  private final String workerId;
  private final Duration lease;
  private final Thread worker;
  private boolean lost;
  private boolean stopped;

  LeaseHeartbeat(JobStore store, String jobId, String workerId, Duration lease, Thread worker) {
    this.store = store;
    this.jobId = jobId;
    this.workerId = workerId;
    this.lease = lease;
    this.worker = worker;
  }

  @Override
  public synchronized void run() {
    if (stopped || lost) {
      return;
    }
    try {
      if (!store.renew(jobId, workerId, lease)) {
        lost = true;
        worker.interrupt();
      }
    } catch (RuntimeException e) {
      LOG.warn("job {}: lease renewal failed, trying again at the next beat: {}", jobId, e.getMessage());
    }
  }

  /** Whether a renewal found the lease gone. */
  synchronized boolean lost() {
    return lost;
  }

  /** No beat after this one interrupts the worker (waits for a beat in progress). */
  synchronized void stop() {
    stopped = true;
  }
}
