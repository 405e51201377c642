package dev.stratus.core.media;

import java.util.List;
import java.util.Optional;

/**
 * The MP4 blob that fits a size limit: the bitrate the limit allows over the video's length (after
 * the audio, the container's share and a safety margin), enforced as a peak rate on the encode
 * (x264's VBV: the stream never holds more than the peak rate over its length plus one buffer), at
 * the largest size that bitrate still fills with a watchable picture. Below a floor of bits per
 * pixel even at 240p, no blob is watchable: the limit cannot be met.
 */
public final class BlobFit {
  /** The AAC rate the blob's audio is encoded at. */
  public static final int AUDIO_KBPS = 128;
  // Left unused for the MP4 boxes (about 1 % here) and for x264 overshooting its buffer.
  private static final double MARGIN = 0.08;
  // One second of buffer: total video bits stay under peak rate × (length + 1 s).
  private static final double BUFFER_SECONDS = 1;
  // Bits per pixel per frame at which H.264 at veryfast still looks like video: the size steps
  // down until this is met, and below the floor at the smallest size nothing is watchable.
  private static final double WATCHABLE_BITS_PER_PIXEL = 0.04;
  private static final double FLOOR_BITS_PER_PIXEL = 0.02;
  private static final List<Integer> SHORT_SIDES = List.of(1080, 720, 540, 480, 360, 240);
  private static final double ASSUMED_FRAME_RATE = 30;

  private BlobFit() {}

  /** The blob rendition to encode so the file stays under {@code maxBytes}; empty when none is watchable. */
  public static Optional<Rendition> within(long maxBytes, MediaInfo info, Ladder ladder) {
    int kbps = videoKbps(maxBytes, info);
    Rendition blob = ladder.blob();
    int blobShort = Math.min(blob.width(), blob.height());
    double fps = frameRate(info, ladder);
    for (int side : SHORT_SIDES) {
      if (side > blobShort) {
        continue;
      }
      Rendition candidate = scaled(blob, blobShort, side, Math.min(kbps, blob.maxrateKbps()));
      boolean smallest = side == SHORT_SIDES.getLast();
      double bitsPerPixel = candidate.maxrateKbps() * 1000.0 / ((double) candidate.width() * candidate.height() * fps);
      if (bitsPerPixel >= WATCHABLE_BITS_PER_PIXEL || (smallest && bitsPerPixel >= FLOOR_BITS_PER_PIXEL)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The fewest bytes a watchable blob of this video needs (at 240p, at the floor). */
  public static long smallestWatchable(MediaInfo info, Ladder ladder) {
    Rendition blob = ladder.blob();
    int blobShort = Math.min(blob.width(), blob.height());
    Rendition smallest = scaled(blob, blobShort, Math.min(blobShort, SHORT_SIDES.getLast()), 1);
    // Whole kbit/s, one more than the floor needs: what within() rounds down to still meets it.
    double videoBps =
        (Math.ceil(FLOOR_BITS_PER_PIXEL * smallest.width() * smallest.height() * frameRate(info, ladder) / 1000) + 1) * 1000;
    double seconds = info.durationSeconds();
    double bits = videoBps * (seconds + BUFFER_SECONDS) + audioBps(info) * seconds;
    return (long) Math.ceil(bits / 8 / (1 - MARGIN));
  }

  /** The peak video rate, in kbit/s, that keeps the blob under {@code maxBytes}. */
  static int videoKbps(long maxBytes, MediaInfo info) {
    double seconds = Math.max(0.1, info.durationSeconds());
    double usableBits = maxBytes * 8.0 * (1 - MARGIN) - audioBps(info) * seconds;
    return (int) Math.max(0, Math.floor(usableBits / (seconds + BUFFER_SECONDS) / 1000));
  }

  private static double audioBps(MediaInfo info) {
    return info.hasAudio() ? AUDIO_KBPS * 1000.0 : 0;
  }

  private static double frameRate(MediaInfo info, Ladder ladder) {
    if (ladder.frameRate() > 0) {
      return ladder.frameRate();
    }
    return info.frameRate() > 0 ? info.frameRate() : ASSUMED_FRAME_RATE;
  }

  private static Rendition scaled(Rendition blob, int blobShort, int shortSide, int kbps) {
    double scale = (double) shortSide / blobShort;
    int width = Math.max(2, (int) Math.round(blob.width() * scale / 2) * 2);
    int height = Math.max(2, (int) Math.round(blob.height() * scale / 2) * 2);
    int rate = Math.max(1, kbps);
    return new Rendition(blob.name(), width, height, rate, (int) Math.max(1, Math.round(rate * BUFFER_SECONDS)));
  }
}
