package dev.stratus.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Keeps one service-auth token per method until it nears its expiry, so that a multipart upload
 * asks its PDS once per half hour rather than once per part.
 */
final class ServiceTokenCache implements TokenProvider {
  static final Duration LIFETIME = Duration.ofMinutes(30);
  static final Duration RENEW_AHEAD = Duration.ofMinutes(5);

  private record Minted(String token, Instant expiry) {}

  private final Clock clock;
  private final BiFunction<String, Instant, String> mint;
  private final Map<String, Minted> byLxm = new ConcurrentHashMap<>();

  /** {@code mint} makes a token for a method and an expiry. */
  ServiceTokenCache(Clock clock, BiFunction<String, Instant, String> mint) {
    this.clock = clock;
    this.mint = mint;
  }

  @Override
  public String token(String lxm) {
    return byLxm.compute(lxm, (key, held) -> {
      Instant now = clock.instant();
      if (held != null && now.plus(RENEW_AHEAD).isBefore(held.expiry())) {
        return held;
      }
      Instant expiry = now.plus(LIFETIME);
      return new Minted(mint.apply(key, expiry), expiry);
    }).token();
  }
}
