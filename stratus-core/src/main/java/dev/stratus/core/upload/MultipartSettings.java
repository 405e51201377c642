package dev.stratus.core.upload;

import java.time.Duration;

/**
 * How multipart uploads are planned and kept.
 *
 * @param partSize the size of every part but the last; at least 5 MiB, the smallest part S3
 *     multipart uploads take, so parts can map onto them
 * @param expiry how long a session may take from start to finish
 * @param maxOpenUploads sessions one account may have open (created or finishing) at once
 * @param finishLease how long a finish is held before another finish may take it over
 * @param retention how long an ended session stays readable
 */
public record MultipartSettings(
    long partSize, Duration expiry, long maxOpenUploads, Duration finishLease, Duration retention) {
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;

  public MultipartSettings {
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException("part size " + partSize + " is under " + MIN_PART_SIZE + " bytes");
    }
  }
}
