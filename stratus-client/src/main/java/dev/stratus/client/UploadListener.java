package dev.stratus.client;

/**
 * Told how much of a video has reached the service. Called from the threads that send it (up to
 * four at once); the count goes back when a failed part is sent again.
 */
@FunctionalInterface
public interface UploadListener {
  /** A listener that ignores everything. */
  UploadListener NONE = (sent, total) -> {};

  /**
   * Bytes sent so far.
   *
   * @param sent bytes the service has read, between 0 and {@code total}
   * @param total the video's size
   */
  void sent(long sent, long total);
}
