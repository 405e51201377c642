package dev.stratus.core.job;

import dev.stratus.atproto.UnverifiedJwt;
import dev.stratus.core.media.MediaException;
import dev.stratus.lexicon.FailureCode;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The deadline a job's forwarded token sets: past its {@code exp} the PDS refuses the video, so
 * nothing done for the job after it can be delivered.
 */
public final class TokenDeadline {
  private TokenDeadline() {}

  /** When the job's forwarded token expires; empty when it has none (development mode). */
  public static Optional<Instant> of(Job job) {
    return of(job.handoff());
  }

  /** When a forwarded token expires; empty without one, or when it is unreadable. */
  public static Optional<Instant> of(@Nullable PdsHandoff handoff) {
    if (handoff == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochSecond(UnverifiedJwt.decode(handoff.token()).exp()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The failure of a job whose token expired before its video reached the PDS. */
  public static MediaException expired(Instant expires) {
    return new MediaException(
        FailureCode.PDS_UPLOAD_FAILURE,
        "token_expired",
        "The upload token expired at " + expires + " before the video could be sent to your PDS; processing"
            + " stopped. Please upload again");
  }
}
