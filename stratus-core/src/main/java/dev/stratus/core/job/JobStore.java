package dev.stratus.core.job;

import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Durable job rows: the only hand-over between the HTTP edge and the workers.
 *
 * <p>Workers take jobs with {@link #claim}, which gives a lease: until it runs out no other worker
 * can claim the job, and every write by the holder renews it. A write by a worker that no longer
 * holds the lease (it was too slow, another worker took over) changes nothing and returns false,
 * so two workers never both finish one job. A job whose holder died is claimed again once its
 * lease has run out; every job is at-least-once.
 */
public interface JobStore {

  /** Stores a new job in {@link JobState#CREATED}, progress 0, without any admission check. */
  Job create(NewJob job);

  /**
   * Stores a new job unless, atomically with respect to every other admission: the same account
   * already has a job for the same bytes that has not failed (that job is returned instead), or
   * the job would take the account past its quota in the quota's window.
   */
  Admission admit(NewJob job, Quota quota);

  /**
   * What {@code did} uploaded since {@code since}: every job created, unless it failed through no
   * fault of its video ({@code pds_upload_failure}, {@code generic_failure}), plus the reservations
   * of its open multipart uploads (each one video and its declared size).
   */
  Usage usage(String did, Instant since);

  Optional<Job> find(String jobId);

  /**
   * What {@code getJobStatus} answers for the job: {@link #find}'s {@link Job#toStatus()}, read
   * without the columns the answer does not show (every polling client calls this).
   */
  Optional<JobStatus> status(String jobId);

  /**
   * Stores a job for a video of the network unless, atomically with respect to every other
   * admission of the account: a job for the same video is waiting or running (it is returned,
   * raised to {@code ingest}'s priority when that ranks higher), or one failed after
   * {@code failedAfter} (returned; a missing or broken blob is not fetched again so soon).
   */
  IngestAdmission admitIngest(NewIngest ingest, Instant failedAfter);

  /** The latest job for the video {@code sourceCid} of {@code did}, if any. */
  Optional<Job> findIngest(String did, String sourceCid);

  /**
   * How many uploads wait for a worker: not terminal, and not held by a live lease. Videos of the
   * network are not counted: a busy event stream never turns uploads away.
   */
  long waitingJobs();

  /**
   * Leases a job that is not terminal and not leased (or whose lease ran out) to {@code workerId},
   * and counts the attempt: by {@link JobPriority} first, then the one whose forwarded token expires
   * soonest (it must reach its PDS first), then jobs without a token, each group oldest first.
   * Empty when there is nothing to do.
   */
  default Optional<Job> claim(String workerId, Duration lease) {
    return claim(workerId, lease, JobPriority.STREAM);
  }

  /**
   * {@link #claim(String, Duration)} limited to jobs ranked {@code lowest} or higher: a worker kept
   * for viewers ({@link JobPriority#WATCH}) starts their videos even while every other worker is
   * busy.
   */
  Optional<Job> claim(String workerId, Duration lease, JobPriority lowest);

  /** Moves a leased job to a running state with a progress 0..100, renewing the lease. */
  boolean update(String jobId, String workerId, JobState state, int progress, Duration lease);

  /**
   * Extends the lease of a job {@code workerId} holds to {@code lease} from now, changing nothing
   * else: the heartbeat of a worker whose step reports no progress for a while. False when it no
   * longer holds the job (the lease ran out and another worker took it, or it ended).
   */
  boolean renew(String jobId, String workerId, Duration lease);

  /**
   * Ends a leased job in {@link JobState#COMPLETED} with its blob, progress 100, and forgets its
   * {@link PdsHandoff} (the forwarded token).
   */
  boolean complete(String jobId, String workerId, BlobRef blob, String message);

  /** Ends a leased job in {@link JobState#FAILED} and forgets its {@link PdsHandoff}. */
  boolean fail(String jobId, String workerId, FailureCode code, String error, String message);

  /**
   * Gives a leased job back for another try after {@code retryAfter} (the attempt stays counted),
   * e.g. when a deadline was hit on a busy machine. False when {@code workerId} no longer held it.
   */
  boolean release(String jobId, String workerId, Duration retryAfter);

  /**
   * Deletes up to {@code limit} jobs that ended (completed or failed) before {@code endedBefore},
   * oldest first, and returns how many. Their media is not touched; a video sent again after this
   * makes a new job.
   */
  int forgetFinished(Instant endedBefore, int limit);

  /**
   * Frees every lease at once. Only for a store that one process owns alone (embedded SQLite):
   * after a crash, its jobs are taken up on the next start without waiting for leases to run out.
   */
  int releaseAllLeases();
}
