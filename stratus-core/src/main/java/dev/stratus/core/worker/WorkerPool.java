package dev.stratus.core.worker;

import dev.stratus.core.events.JobEvents;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobPriority;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.pipeline.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of worker threads that claim jobs and run them through the pipeline, plus
 * lanes: viewer lanes take only jobs a viewer waits on ({@link JobPriority#WATCH}), so a video
 * asked for on demand starts at once even while every other worker is busy; stream lanes take
 * anything, and when there are any, the other workers leave videos of the event stream to them,
 * so an upload never waits behind one. Idle
 * workers sleep until {@link #wake()} (a new job) or the poll interval (jobs other nodes made
 * claimable, leases that ran out). {@link #drain()} waits until there is nothing left to do, so
 * tests never sleep.
 */
public final class WorkerPool implements AutoCloseable {
  private final JobStore store;
  private final Pipeline pipeline;
  private final JobEvents events;
  private final int size;
  private final int viewerLanes;
  private final int streamLanes;
  private final Duration pollInterval;
  private final String nodeId;
  private final Object lock = new Object();
  private final List<Thread> threads = new ArrayList<>();
  private long wakeups;
  private int busy;
  private int idleUpToDate;
  private boolean stopping;

  public WorkerPool(
      JobStore store, Pipeline pipeline, JobEvents events, int size, Duration pollInterval, String nodeId) {
    this(store, pipeline, events, size, 0, 0, pollInterval, nodeId);
  }

  /**
   * @param viewerLanes extra workers that take only jobs a viewer waits on
   * @param streamLanes extra workers that also take videos of the event stream, which the others
   *     then leave alone
   */
  public WorkerPool(JobStore store, Pipeline pipeline, JobEvents events, int size, int viewerLanes,
      int streamLanes, Duration pollInterval, String nodeId) {
    if (size < 0 || viewerLanes < 0 || streamLanes < 0) {
      // None is allowed: a node that takes uploads and serves them, and leaves encoding to others.
      throw new IllegalArgumentException("a worker pool cannot have " + size + " workers");
    }
    this.store = store;
    this.pipeline = pipeline;
    this.events = events;
    this.size = size;
    this.viewerLanes = viewerLanes;
    this.streamLanes = streamLanes;
    this.pollInterval = pollInterval;
    this.nodeId = nodeId;
  }

  public void start() {
    synchronized (lock) {
      if (!threads.isEmpty()) {
        throw new IllegalStateException("already started");
      }
      JobPriority regular = streamLanes > 0 ? JobPriority.UPLOAD : JobPriority.STREAM;
      for (int i = 0; i < size + viewerLanes + streamLanes; i++) {
        String workerId = nodeId + "/" + i;
        JobPriority lowest = i < size ? regular : i < size + viewerLanes ? JobPriority.WATCH : JobPriority.STREAM;
        Thread thread = Thread.ofPlatform().name("worker-" + i).daemon(false).unstarted(() -> loop(workerId, lowest));
        threads.add(thread);
      }
    }
    threads.forEach(Thread::start);
  }

  /** Tells idle workers there may be new work. */
  public void wake() {
    synchronized (lock) {
      wakeups++;
      idleUpToDate = 0;
      lock.notifyAll();
    }
  }

  /**
   * Blocks until every worker is idle after having found no claimable job since the last
   * {@link #wake()}: every job that could be run has been run.
   */
  public void drain(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (busy > 0 || idleUpToDate < threads.size()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("workers did not drain within " + timeout);
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  private void loop(String workerId, JobPriority lowest) {
    while (true) {
      long seen;
      synchronized (lock) {
        if (stopping) {
          return;
        }
        seen = wakeups;
        busy++;
      }
      Optional<Job> job = Optional.empty();
      try {
        job = store.claim(workerId, pipeline.lease(), lowest);
        if (job.isPresent()) {
          events.claimed(job.get(), workerId);
          pipeline.run(job.get(), workerId);
        }
      } catch (Exception e) {
        events.workerError(workerId, e);
      } finally {
        synchronized (lock) {
          busy--;
          lock.notifyAll();
        }
      }
      if (job.isPresent()) {
        continue;
      }
      synchronized (lock) {
        if (seen == wakeups) {
          idleUpToDate++;
          lock.notifyAll();
          try {
            // Until woken for work, stopped, or the poll interval passed. Other notifications on
            // the lock (another worker going idle, a finished job) are for drain(), not for
            // this worker: answering them with a claim made two idle workers wake each other
            // without end, a claim query each time.
            long pollUntil = System.nanoTime() + pollInterval.toNanos();
            for (long left = pollInterval.toNanos(); seen == wakeups && !stopping && left > 0;
                left = pollUntil - System.nanoTime()) {
              TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
          } catch (InterruptedException e) {
            return;
          } finally {
            if (seen == wakeups && idleUpToDate > 0) {
              idleUpToDate--;
            }
          }
        }
      }
    }
  }

  /** Stops taking jobs and interrupts running ones; their leases let another worker redo them. */
  @Override
  public void close() throws InterruptedException {
    shutdown(Duration.ZERO);
  }

  /**
   * Stops taking jobs, lets the running ones finish for up to {@code grace}, then interrupts those
   * still running (each gives its lease back, so another node takes the job over at once).
   *
   * @return how many jobs were still running when the grace period ended
   */
  public int shutdown(Duration grace) throws InterruptedException {
    synchronized (lock) {
      stopping = true;
      lock.notifyAll();
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        thread.join(Duration.ofNanos(left));
      }
    }
    int stillRunning = 0;
    for (Thread thread : threads) {
      if (thread.isAlive()) {
        stillRunning++;
        thread.interrupt();
      }
    }
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(30));
    }
    return stillRunning;
  }
}
