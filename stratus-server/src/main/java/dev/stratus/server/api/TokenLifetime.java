package dev.stratus.server.api;

import dev.stratus.core.job.TokenDeadline;
import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Refuses, at the door, a token that will be forwarded to the uploader's PDS but cannot live long
 * enough to get there. The PDS allows no clock skew, so a token already past its {@code exp}
 * (which the verifier's skew lets through) or about to reach it would only waste an encode and a
 * daily upload. Development mode forwards nothing and is not checked.
 */
final class TokenLifetime {
  private final Clock clock;
  private final Duration minimum;

  /** {@code minimum}: the least time a forwarded token must still have, the fastest delivery. */
  TokenLifetime(Clock clock, Duration minimum) {
    this.clock = clock;
    this.minimum = minimum;
  }

  void requireDeliverable(Caller uploader) {
    // Nothing forwarded (development mode), or a token the verifier already read: no deadline.
    Optional<Instant> deadline = TokenDeadline.of(uploader.handoff());
    if (deadline.isEmpty()) {
      return;
    }
    Instant expires = deadline.get();
    Instant now = clock.instant();
    if (expires.isBefore(now.plus(minimum))) {
      String when = expires.isAfter(now) ? "expires at " + expires : "expired at " + expires;
      throw new XrpcException(401, "JwtExpired", "The upload token " + when + ", too soon to deliver the video to"
          + " your PDS (it needs at least " + minimum.toSeconds() + " s); request a new token and upload again");
    }
  }
}
