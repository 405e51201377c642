package dev.stratus.server.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A value worked out at most once per {@code maxAge}, however often it is asked for: what a
 * scrape or a health check reads is not worth a database query or a storage write per request.
 */
final class Recent<T> {
  private final Supplier<T> source;
  private final Duration maxAge;
  private final Clock clock;
  private T value;
  private Instant readAt = Instant.MIN;

  Recent(Supplier<T> source, Duration maxAge, Clock clock) {
    this.source = source;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  synchronized T get() {
    Instant now = clock.instant();
    if (value == null || !now.isBefore(readAt.plus(maxAge))) {
      value = source.get();
      readAt = now;
    }
    return value;
  }
}
