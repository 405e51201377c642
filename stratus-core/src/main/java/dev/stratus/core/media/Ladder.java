package dev.stratus.core.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which renditions an input gets. The HLS ladder always has 360p and 720p, upscaling small
 * sources as Bluesky does, and 1080p when the source has it. The MP4 blob keeps the source size,
 * capped at 1080p. "Np" names the short side, so portrait video gets tall rungs.
 *
 * @param renditions the HLS rungs, lowest first
 * @param blob the MP4 blob
 * @param frameRate the output frame rate (the source's, at most {@link #MAX_FRAME_RATE}), 0 when
 *     the source is variable or unknown and its timing is kept
 */
public record Ladder(List<Rendition> renditions, Rendition blob, double frameRate) {
  public static final int MAX_SHORT_SIDE = 1080;
  public static final double MAX_FRAME_RATE = 60;

  private record Rung(String name, int shortSide, int maxrateKbps) {}

  private static final List<Rung> RUNGS =
      List.of(new Rung("360p", 360, 1000), new Rung("720p", 720, 3000), new Rung("1080p", 1080, 6000));

  public Ladder {
    renditions = List.copyOf(renditions);
  }

  public static Ladder forSource(MediaInfo source) {
    List<Rendition> rungs = new ArrayList<>();
    for (Rung rung : RUNGS) {
      if (rung.shortSide <= 720 || source.shortSide() >= rung.shortSide) {
        rungs.add(scaled(rung.name, source, rung.shortSide, rung.maxrateKbps));
      }
    }
    int blobShortSide = Math.min(source.shortSide(), MAX_SHORT_SIDE);
    // The blob's cap grows with its area, from 360p's rate up to 1080p's.
    int blobMaxrate = (int) Math.max(1000, Math.round(6000.0 * blobShortSide / MAX_SHORT_SIDE));
    Rendition blob = scaled("blob", source, blobShortSide, blobMaxrate);
    double rate = source.frameRate() > MAX_FRAME_RATE ? MAX_FRAME_RATE : 0;
    return new Ladder(rungs, blob, rate);
  }

  /**
   * The HLS rung whose encode can be the blob too (muxed a second time, not encoded again): the
   * one of the blob's picture size whose peak rate is no higher than the blob's. Empty when no
   * rung matches (a source between rung sizes, or a blob squeezed to fit a PDS's limit).
   */
  public Optional<Rendition> blobTwin() {
    return renditions.stream()
        .filter(rung -> rung.width() == blob.width() && rung.height() == blob.height()
            && rung.maxrateKbps() <= blob.maxrateKbps())
        .findFirst();
  }

  /** The same ladder with another blob (e.g. one made to fit a PDS's size limit). */
  public Ladder withBlob(Rendition other) {
    return new Ladder(renditions, other, frameRate);
  }

  private static Rendition scaled(String name, MediaInfo source, int shortSide, int maxrateKbps) {
    double scale = (double) shortSide / source.shortSide();
    int width = even(source.width() * scale);
    int height = even(source.height() * scale);
    return new Rendition(name, width, height, maxrateKbps, maxrateKbps * 2);
  }

  private static int even(double size) {
    return Math.max(2, (int) Math.round(size / 2) * 2);
  }
}
