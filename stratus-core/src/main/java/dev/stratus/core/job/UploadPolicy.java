package dev.stratus.core.job;

import java.util.List;

/**
 * Which uploads are accepted at the door, and the limits reported by {@code getUploadLimits}.
 * The MIME types are what the Bluesky app sends.
 *
 * @param dailyVideos videos one account may upload per day
 * @param dailyBytes bytes one account may upload per day
 */
public record UploadPolicy(long dailyVideos, long dailyBytes) {
  public static final List<String> ACCEPTED_MIME_TYPES =
      List.of("video/mp4", "video/mpeg", "video/webm", "video/quicktime", "image/gif");

  public static boolean isAccepted(String mimeType) {
    return ACCEPTED_MIME_TYPES.contains(mimeType);
  }
}
