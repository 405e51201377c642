package dev.stratus.core.job;

import java.time.Duration;
import java.util.List;

/**
 * Which uploads are accepted at the door: MIME types (what the Bluesky app sends), the size of one
 * upload in ISO bytes, and the daily allowance of each account over a rolling window.
 */
public record UploadPolicy(long maxUploadBytes, long dailyVideos, long dailyBytes, Duration window) {
  public static final List<String> ACCEPTED_MIME_TYPES =
      List.of("video/mp4", "video/mpeg", "video/webm", "video/quicktime", "image/gif");

  public static final String VIDEOS_EXCEEDED = "User has exceeded daily upload videos limit";
  public static final String BYTES_EXCEEDED = "User has exceeded daily upload bytes limit";

  /** A body of unknown type: taken, and the probe decides whether it is a video it reads. */
  public static final String UNKNOWN_TYPE = "application/octet-stream";

  public static boolean isAccepted(String mimeType) {
    return ACCEPTED_MIME_TYPES.contains(mimeType) || UNKNOWN_TYPE.equals(mimeType);
  }

  /** The message the Bluesky app shows for a file over {@link #maxUploadBytes}. */
  public String tooLargeMessage(long size) {
    return "file size (" + size + " bytes) is larger than the maximum allowed size (" + maxUploadBytes + " bytes)";
  }

  /** The message for an account at its limit: videos first, as the count usually runs out first. */
  public String exceededMessage(Usage used) {
    return used.videos() + 1 > dailyVideos ? VIDEOS_EXCEEDED : BYTES_EXCEEDED;
  }
}
