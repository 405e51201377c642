package dev.stratus.core.job;

import java.util.Optional;

/**
 * Whether this node should take new upload work now: not while it is draining (shutting down),
 * and not while more jobs wait to be processed than it is configured to queue. Clients are told
 * to retry ({@code ServiceOverloaded}); nothing is lost by refusing early.
 */
public final class Overload {
  static final String DRAINING = "This video service is shutting down; retry in a moment";
  static final String QUEUE_FULL = "Too many videos are waiting to be processed; retry in a few minutes";

  private final JobStore store;
  private final long maxWaitingJobs;
  private volatile boolean draining;

  /** {@code maxWaitingJobs}: the most jobs that may wait unclaimed before new uploads are refused. */
  public Overload(JobStore store, long maxWaitingJobs) {
    this.store = store;
    this.maxWaitingJobs = maxWaitingJobs;
  }

  /** From now on every new upload and part is refused; work already admitted goes on. */
  public void startDraining() {
    draining = true;
  }

  /** Refuses while draining; for steps of uploads already admitted (parts, finish). */
  public Optional<UploadRejected> checkDraining() {
    return draining
        ? Optional.of(new UploadRejected(UploadRejected.Reason.OVERLOADED, DRAINING))
        : Optional.empty();
  }

  /** Refuses while draining or while the queue is full; for new uploads. */
  public Optional<UploadRejected> checkNewUpload() {
    Optional<UploadRejected> drain = checkDraining();
    if (drain.isPresent()) {
      return drain;
    }
    return store.waitingJobs() >= maxWaitingJobs
        ? Optional.of(new UploadRejected(UploadRejected.Reason.OVERLOADED, QUEUE_FULL))
        : Optional.empty();
  }
}
