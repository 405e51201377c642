package dev.stratus.core.job;

import java.time.Instant;

/** How much one account may upload in a rolling window that began at {@code since}. */
public record Quota(Instant since, long maxVideos, long maxBytes) {

  /** Whether one more upload of {@code bytes} still fits beside {@code used}. */
  public boolean admits(Usage used, long bytes) {
    return used.videos() + 1 <= maxVideos && used.bytes() + bytes <= maxBytes;
  }
}
