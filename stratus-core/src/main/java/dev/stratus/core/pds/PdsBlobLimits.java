package dev.stratus.core.pds;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What Stratus has learned about each PDS's blob size limit from its refusals (HTTP 413), so later
 * videos for the same PDS are encoded to fit from the start. A PDS rarely says its limit; a
 * refusal only says the limit is below the size refused, so the estimate is the largest limit PDSes
 * are commonly set to below it (the code's default 5 MiB, the installers' 50 and 100 MiB, and
 * smaller steps), unless the PDS named one. Kept per host, for a day, for a bounded number of hosts.
 */
public final class PdsBlobLimits {
  static final Duration REMEMBERED_FOR = Duration.ofDays(1);
  static final int MAX_HOSTS = 10_000;
  /** Limits PDSes are set to, largest first: installer values, the code default, then halvings. */
  static final List<Long> COMMON_LIMITS =
      List.of(104_857_600L, 52_428_800L, 5_242_880L, 2_097_152L, 1_048_576L, 524_288L, 262_144L);

  private record Learned(long bytes, Instant at) {}

  private final Clock clock;
  private final Map<String, Learned> byHost =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Learned> eldest) {
          return size() > MAX_HOSTS;
        }
      };

  public PdsBlobLimits(Clock clock) {
    this.clock = clock;
  }

  /** The limit learned for this PDS within the last day, if any. */
  public synchronized OptionalLong limitOf(String pdsUrl) {
    String host = host(pdsUrl);
    Learned learned = byHost.get(host);
    if (learned == null) {
      return OptionalLong.empty();
    }
    if (learned.at().plus(REMEMBERED_FOR).isBefore(clock.instant())) {
      byHost.remove(host);
      return OptionalLong.empty();
    }
    return OptionalLong.of(learned.bytes());
  }

  /**
   * Records that the PDS refused a blob of {@code refusedBytes}, saying its limit when
   * {@code stated} is present, and returns the limit to fit the next blob into.
   */
  public synchronized long refused(String pdsUrl, long refusedBytes, OptionalLong stated) {
    long estimate = stated.isPresent() && stated.getAsLong() < refusedBytes
        ? stated.getAsLong()
        : commonLimitBelow(refusedBytes);
    OptionalLong known = limitOf(pdsUrl);
    if (known.isPresent()) {
      estimate = Math.min(estimate, known.getAsLong());
    }
    byHost.put(host(pdsUrl), new Learned(estimate, clock.instant()));
    return estimate;
  }

  /** The largest common limit below {@code bytes} (with room to fit under it), else half of it. */
  static long commonLimitBelow(long bytes) {
    for (long limit : COMMON_LIMITS) {
      if (limit < bytes * 0.97) {
        return limit;
      }
    }
    return bytes / 2;
  }

  private static String host(String pdsUrl) {
    try {
      URI uri = URI.create(pdsUrl);
      String host = uri.getHost() == null ? pdsUrl : uri.getHost().toLowerCase(Locale.ROOT);
      return uri.getPort() == -1 ? host : host + ":" + uri.getPort();
    } catch (IllegalArgumentException e) {
      return pdsUrl;
    }
  }

  /** {@code 5.2 MB}: a size as the messages to users give it. */
  public static String describe(long bytes) {
    if (bytes >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
    return String.format(Locale.ROOT, "%d kB", Math.max(1, Math.round(bytes / 1e3)));
  }
}
