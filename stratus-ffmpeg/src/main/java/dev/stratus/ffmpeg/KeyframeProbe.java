package dev.stratus.ffmpeg;

import dev.stratus.core.media.KeyframeIndex;
import dev.stratus.core.media.MediaInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a video stream's packets (demuxing only, nothing decoded: a fraction of a second for a
 * minute of video) into a {@link KeyframeIndex}: one ffprobe line per packet, {@code
 * pts_time,size,flags}, of which only the key frames' times and the byte total are kept.
 */
final class KeyframeProbe implements Consumer<String> {
  private final List<Double> keyframes = new ArrayList<>();
  private double firstSeconds = Double.POSITIVE_INFINITY;
  private long bytes;

  /** ffprobe's argv, with the demuxer pinned to the container the first probe found. */
  static List<String> command(Path ffprobe, Path input, MediaInfo info) {
    List<String> argv = new ArrayList<>(List.of(ffprobe.toString(), "-v", "error"));
    argv.addAll(InputWhitelist.pinned(info.formatName()));
    argv.addAll(List.of("-select_streams", "v:0", "-show_entries", "packet=pts_time,size,flags",
        "-of", "csv=p=0"));
    argv.add(input.toAbsolutePath().toString());
    return List.copyOf(argv);
  }

  /** One line of ffprobe's output; lines that are not a packet's are ignored. */
  @Override
  public void accept(String line) {
    String[] fields = line.strip().split(",");
    if (fields.length < 3) {
      return;
    }
    try {
      bytes += Long.parseLong(fields[1]);
      if ("N/A".equals(fields[0])) {
        return;
      }
      double seconds = Double.parseDouble(fields[0]);
      firstSeconds = Math.min(firstSeconds, seconds);
      if (fields[2].startsWith("K")) {
        keyframes.add(seconds);
      }
    } catch (NumberFormatException e) {
      // not a packet line
    }
  }

  /** What was read, with times counted from the first frame. */
  KeyframeIndex index(double durationSeconds) {
    double start = Double.isInfinite(firstSeconds) ? 0 : firstSeconds;
    List<Double> times = keyframes.stream().map(seconds -> seconds - start).sorted().toList();
    return new KeyframeIndex(times, bytes, durationSeconds);
  }
}
