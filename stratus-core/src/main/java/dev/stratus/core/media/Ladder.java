package dev.stratus.core.media;

import java.util.ArrayList;
import java.util.List;

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
