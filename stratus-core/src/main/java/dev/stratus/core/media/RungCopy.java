package dev.stratus.core.media;

import java.util.Optional;

/**
 * The fast path: an upload that already is what its blob and one HLS rung would be encoded into
 * gets both by stream copy, and only the other rungs are encoded. That takes an input the blob may
 * copy ({@link BlobCopy}), a rung of the source's own size ({@link Ladder#blobTwin()}), a video
 * bitrate within that rung's cap, and key frames at most {@value #MAX_KEYFRAME_GAP_SECONDS} s
 * apart, so the copied rung's segments stay near their length, the blob keeps seeking fast, and the
 * encoded rungs can put their key frames on the same instants (segments that line up across rungs).
 */
public final class RungCopy {
  /** The blob's spec asks for a key frame at least this often; a segment is this long. */
  public static final double MAX_KEYFRAME_GAP_SECONDS = MediaLayout.SEGMENT_SECONDS;

  private RungCopy() {}

  /**
   * Whether the probe alone allows the fast path, so reading the stream's packets ({@link
   * KeyframeIndex}) is worth it.
   */
  public static boolean worthChecking(MediaInfo info, Ladder ladder) {
    return BlobCopy.allowed(info, ladder) && ladder.blobTwin().isPresent();
  }

  /** The rung to copy from the source, or empty when it must be encoded like the others. */
  public static Optional<Rendition> rungToCopy(MediaInfo info, Ladder ladder, KeyframeIndex keyframes) {
    if (!worthChecking(info, ladder)
        || keyframes.longestGapSeconds() > MAX_KEYFRAME_GAP_SECONDS
        || keyframes.averageKbps() > ladder.blobTwin().orElseThrow().maxrateKbps()) {
      return Optional.empty();
    }
    return ladder.blobTwin();
  }
}
