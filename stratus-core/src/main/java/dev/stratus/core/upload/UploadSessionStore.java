package dev.stratus.core.upload;

import dev.stratus.core.job.Admission;
import dev.stratus.core.job.NewJob;
import dev.stratus.core.job.Quota;
import dev.stratus.core.job.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Durable multipart upload sessions and the parts they have received. It shares its database with
 * the {@link dev.stratus.core.job.JobStore}: a session's reservation counts in
 * {@link dev.stratus.core.job.JobStore#usage}, and reserving and finishing are atomic with every
 * other admission, so parallel uploads of either kind can never overshoot a quota.
 *
 * <p>Every change is conditional on the session's state at that moment ({@code now} decides
 * expiry), so a part that arrives as a finish begins, or an abort that races a finish, finds the
 * session changed and changes nothing. A finish is held by one finisher at a time, for a lease:
 * one that crashed is taken over once its lease runs out.
 */
public interface UploadSessionStore {

  /** The outcome of {@link #reserve}. */
  sealed interface Reservation {
    record Reserved(UploadSession session) implements Reservation {}

    record OverQuota(Usage used) implements Reservation {}

    record TooManyOpen(long open) implements Reservation {}
  }

  /** The outcome of {@link #recordPart}. */
  sealed interface PartRecord {
    /** The part is recorded; {@code replacedKey} held an earlier copy of it and can be deleted. */
    record Recorded(@Nullable String replacedKey) implements PartRecord {}

    /** The session was no longer open for parts; nothing was recorded. */
    record Closed(UploadSession current) implements PartRecord {}
  }

  /** The outcome of {@link #beginFinish}. */
  sealed interface FinishStart {
    /** The caller now holds the finish; {@code session} has every part. */
    record Began(UploadSession session) implements FinishStart {}

    /** Not begun: parts are missing, another finish is running, or the session ended. */
    record NotBegun(UploadSession current) implements FinishStart {}
  }

  /**
   * Stores a new session unless, atomically with every admission and reservation, the account
   * would go past {@code quota} (its jobs in the window, its open reservations and this one) or
   * already has {@code maxOpen} open sessions.
   */
  Reservation reserve(NewUploadSession session, Quota quota, long maxOpen, Instant now);

  /** The session with its received parts. */
  Optional<UploadSession> find(String id);

  /** Records a stored part if the session is created and unexpired at {@code now}. */
  PartRecord recordPart(String id, UploadSession.Part part, Instant now);

  /**
   * Moves a created, unexpired session that has every part to finishing, held by
   * {@code finisher} until {@code leaseUntil}; a finishing session whose lease ran out is taken
   * over the same way.
   */
  FinishStart beginFinish(String id, String finisher, Instant now, Instant leaseUntil);

  /**
   * Ends a finish held by {@code finisher}: in one transaction, admits {@code job} (its id is the
   * session's; dedupe as in {@link dev.stratus.core.job.JobStore#admit}, but no quota check: the
   * reservation already paid for it) and completes the session with the created or earlier job.
   * Empty when the finish is no longer held by {@code finisher}.
   */
  Optional<Admission> completeFinish(String id, String finisher, NewJob job, Instant now);

  /** Ends a finish held by {@code finisher} as failed, releasing the reservation. */
  boolean failFinish(String id, String finisher, String reason, Instant now);

  /** Gives a finish held by {@code finisher} up, back to created, so it can be retried. */
  boolean releaseFinish(String id, String finisher);

  /** Aborts a created, unexpired session; returns the session as it is afterwards. */
  Optional<UploadSession> abort(String id, Instant now);

  /**
   * Marks expired every session past its expiry that is created, or finishing with a lost
   * finisher, and returns them (with their parts, to delete).
   */
  List<UploadSession> expire(Instant now);

  /** Ids of sessions that ended before {@code endedBefore}, at most {@code limit} of them. */
  List<String> endedBefore(Instant endedBefore, int limit);

  /** Forgets an ended session and its parts' rows; an open one is left alone. */
  void forget(String id);
}
