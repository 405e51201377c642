package dev.stratus.core.media;

import dev.stratus.lexicon.FailureCode;
import java.util.Locale;

/**
 * Refuses probed inputs outside the {@link InputLimits}, with the {@code error} names the Bluesky
 * app maps to its own messages ({@code video_too_long}, {@code bad_aspect_ratio},
 * {@code unsupported_codec}) and a message for people. Sizes are checked first: a forged 1×1 or
 * 20000×20000 stream is refused for its size whatever its codec.
 */
public final class InputValidator {
  private final InputLimits limits;

  public InputValidator(InputLimits limits) {
    this.limits = limits;
  }

  public void check(MediaInfo info) throws MediaException {
    int width = info.width();
    int height = info.height();
    if (Math.min(width, height) < limits.minSide()) {
      throw refuse("video_too_small", "The video is " + width + "×" + height
          + "; both sides must be at least " + limits.minSide() + " pixels");
    }
    if (Math.max(width, height) > limits.maxSide()) {
      throw refuse("video_too_large", "The video is " + width + "×" + height
          + "; neither side may exceed " + limits.maxSide() + " pixels");
    }
    double ratio = (double) width / height;
    if (ratio < limits.minAspectRatio() || ratio > limits.maxAspectRatio()) {
      throw refuse("bad_aspect_ratio", String.format(Locale.ROOT,
          "The video's aspect ratio %d:%d is outside the supported range (%.2f to %.2f)",
          width, height, limits.minAspectRatio(), limits.maxAspectRatio()));
    }
    if (info.durationSeconds() > limits.maxDurationSeconds()) {
      throw refuse("video_too_long", String.format(Locale.ROOT,
          "The video is %s long; the limit is %s", clock(info.durationSeconds()), clock(limits.maxDurationSeconds())));
    }
    if (info.frameCount() > limits.maxFrames()) {
      throw refuse("video_too_long", "The video has " + info.frameCount() + " frames; the limit is " + limits.maxFrames());
    }
    if (!limits.videoCodecs().contains(info.videoCodec())) {
      throw refuse("unsupported_codec", "Videos encoded as " + info.videoCodec() + " are not supported");
    }
  }

  /** Refuses an encoded blob too large to hand on. */
  public void checkEncodedSize(long bytes) throws MediaException {
    if (bytes > limits.maxEncodedBytes()) {
      throw refuse("encoded_video_too_large", "The encoded video is " + bytes
          + " bytes, more than the " + limits.maxEncodedBytes() + " bytes allowed; try a shorter video");
    }
  }

  private static MediaException refuse(String error, String message) {
    return new MediaException(FailureCode.VALIDATION_FAILURE, error, message);
  }

  private static String clock(double seconds) {
    long whole = (long) Math.ceil(seconds);
    return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
  }
}
