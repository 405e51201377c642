package dev.stratus.ffmpeg;

import dev.stratus.core.media.Ladder;
import dev.stratus.core.media.MediaInfo;
import dev.stratus.core.media.MediaLayout;
import dev.stratus.core.media.Rendition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The argv of the one ffmpeg run that decodes the input once and writes the MP4 blob, the HLS
 * ladder with its master playlist, and the thumbnail. Pure: no files are touched.
 *
 * <p>The decoded picture (auto-rotated, as ffmpeg does by default, so the ladder's display sizes
 * apply) is split once per output inside a single filter graph.
 */
final class FfmpegArgs {
  static final int SEGMENT_SECONDS = MediaLayout.SEGMENT_SECONDS;
  /** A growing ladder starts with this many one-second segments, so playback can begin at once. */
  static final int SHORT_SEGMENTS = 4;
  static final String THUMBNAIL_RUNG = "720p";
  /** The thumbnail is picked among about a second of frames; this span holds them all. */
  static final int THUMBNAIL_SPAN_SECONDS = 2;
  private static final List<String> X264 =
      List.of("-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-crf", "23");
  private static final List<String> AAC = List.of("-c:a", "aac", "-b:a", "128k", "-ac", "2");
  // Uploads from phones carry GPS location and device names; the outputs are public.
  private static final List<String> NO_METADATA =
      List.of("-map_metadata", "-1", "-map_chapters", "-1");
  private static final String FIRST_AUDIO = "0:a:0";
  private static final String FIRST_VIDEO = "0:v:0";
  /** No rung is copied from the input: every one is encoded. */
  static final int NO_COPY = -1;

  private FfmpegArgs() {}

  /** Every output at once: the blob, the HLS ladder and the thumbnail. */
  static List<String> transcode(
      Path ffmpeg, Path input, MediaInfo info, Ladder ladder, Path outputDir) {
    return run(ffmpeg, input, info, ladder, outputDir, true, false, NO_COPY);
  }

  /**
   * The fast path ({@link dev.stratus.core.media.RungCopy}): the rung at {@code copiedRung} and,
   * when {@code withBlob}, the blob are the input's streams copied; the other rungs are encoded
   * with their key frames where the input has its own, so every rung's segments line up. The audio
   * is copied everywhere.
   */
  static List<String> withCopiedRung(
      Path ffmpeg, Path input, MediaInfo info, Ladder ladder, Path outputDir, int copiedRung, boolean withBlob) {
    if (copiedRung < 0 || copiedRung >= ladder.renditions().size()) {
      throw new IllegalArgumentException("no rung " + copiedRung + " in " + ladder.renditions());
    }
    return run(ffmpeg, input, info, ladder, outputDir, withBlob, false, copiedRung);
  }

  /**
   * The blob as a second mux of one rung's encode: its segments' streams copied into MP4
   * (faststart, {@code isom}, the ADTS audio turned into MP4's), nothing encoded. The input is the
   * rung's own playlist, read as HLS from local files only.
   */
  static List<String> blobFromRung(Path ffmpeg, Path outputDir, String rung) {
    String out = outputDir.toAbsolutePath().toString();
    List<String> argv = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
    argv.addAll(List.of("-protocol_whitelist", "file", "-f", "hls"));
    argv.addAll(List.of("-i", out + "/" + rung + "/" + MediaLayout.RENDITION_PLAYLIST));
    argv.addAll(List.of("-map", "0:v:0", "-map", "0:a:0?", "-c", "copy", "-bsf:a", "aac_adtstoasc"));
    argv.addAll(NO_METADATA);
    argv.addAll(List.of("-movflags", "+faststart", "-brand", "isom", "-f", "mp4"));
    argv.add(out + "/" + MediaLayout.BLOB);
    return List.copyOf(argv);
  }

  /** The HLS ladder and the thumbnail only (from a blob already delivered). */
  static List<String> ladderOnly(Path ffmpeg, Path input, MediaInfo info, Ladder ladder, Path outputDir) {
    return run(ffmpeg, input, info, ladder, outputDir, false, false, NO_COPY);
  }

  /**
   * The HLS ladder and the thumbnail, for playback that starts while ffmpeg runs: one-second
   * segments first, and EVENT playlists that ffmpeg rewrites (whole, by rename) after each segment.
   */
  static List<String> growingLadder(Path ffmpeg, Path input, MediaInfo info, Ladder ladder, Path outputDir) {
    return run(ffmpeg, input, info, ladder, outputDir, false, true, NO_COPY);
  }

  /**
   * The blob only, as fast as its spec allows: the input's streams copied when {@code copy}
   * ({@link dev.stratus.core.media.BlobCopy}), else an x264 {@code superfast} encode.
   */
  static List<String> blobOnly(Path ffmpeg, Path input, MediaInfo info, Ladder ladder, Path outputDir, boolean copy) {
    return blob(ffmpeg, input, info, ladder, outputDir, copy, "superfast");
  }

  /**
   * The blob only, always encoded (x264 {@code veryfast}, as in the full run) at the size and peak
   * rate of {@code ladder}'s blob: a blob made to fit a PDS's size limit.
   */
  static List<String> fittedBlob(Path ffmpeg, Path input, MediaInfo info, Ladder ladder, Path outputDir) {
    return blob(ffmpeg, input, info, ladder, outputDir, false, "veryfast");
  }

  private static List<String> blob(
      Path ffmpeg, Path input, MediaInfo info, Ladder ladder, Path outputDir, boolean copy, String preset) {
    String out = outputDir.toAbsolutePath().toString();
    List<String> argv = start(ffmpeg, input, info);
    if (copy) {
      copiedBlob(argv, info, out);
    } else {
      StringBuilder graph = new StringBuilder("[0:v:0]");
      if (ladder.frameRate() > 0) {
        graph.append("fps=").append(number(ladder.frameRate())).append(',');
      }
      graph.append("format=yuv420p,").append(scale(ladder.blob())).append("[mv]");
      argv.addAll(List.of("-filter_complex", graph.toString(), "-map", "[mv]"));
      if (info.hasAudio()) {
        argv.addAll(List.of("-map", FIRST_AUDIO));
      }
      argv.addAll(List.of("-c:v", "libx264", "-preset", preset, "-profile:v", "high", "-crf", "23"));
      argv.addAll(List.of("-maxrate", ladder.blob().maxrateKbps() + "k", "-bufsize", ladder.blob().bufsizeKbps() + "k"));
      if (info.hasAudio()) {
        argv.addAll(AAC);
      }
      blobFile(argv, out);
    }
    argv.addAll(List.of("-progress", "pipe:1", "-stats_period", "1"));
    return List.copyOf(argv);
  }

  /** The blob as the input's own streams, copied. */
  private static void copiedBlob(List<String> argv, MediaInfo info, String out) {
    argv.addAll(List.of("-map", FIRST_VIDEO));
    if (info.hasAudio()) {
      argv.addAll(List.of("-map", FIRST_AUDIO));
    }
    argv.addAll(List.of("-c", "copy"));
    blobFile(argv, out);
  }

  /** The blob's container: MP4 as a PDS and every player take it, without the upload's metadata. */
  private static void blobFile(List<String> argv, String out) {
    argv.addAll(NO_METADATA);
    argv.addAll(List.of("-movflags", "+faststart", "-brand", "isom", "-f", "mp4"));
    argv.add(out + "/" + MediaLayout.BLOB);
  }

  private static List<String> start(Path ffmpeg, Path input, MediaInfo info) {
    List<String> argv = new ArrayList<>();
    argv.add(ffmpeg.toString());
    argv.addAll(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
    argv.addAll(InputWhitelist.pinned(info.formatName()));
    argv.addAll(List.of("-i", input.toAbsolutePath().toString()));
    return argv;
  }

  private static List<String> run(Path ffmpeg, Path input, MediaInfo info, Ladder ladder, Path outputDir,
      boolean withBlob, boolean growing, int copiedRung) {
    String out = outputDir.toAbsolutePath().toString();
    boolean copying = copiedRung != NO_COPY;
    List<String> argv = start(ffmpeg, input, info);
    argv.addAll(List.of("-filter_complex", filterGraph(info, ladder, withBlob && !copying, copiedRung)));
    if (withBlob && copying) {
      copiedBlob(argv, info, out);
    } else if (withBlob) {
      blob(argv, info, ladder.blob(), out);
    }
    hls(argv, info, ladder.renditions(), out, growing, copiedRung);
    argv.addAll(List.of("-map", "[tv]", "-frames:v", "1", "-update", "1", "-q:v", "3"));
    argv.add(out + "/" + MediaLayout.THUMBNAIL);
    // Progress as key=value lines on stdout, once a second; FfmpegProgress reads them.
    argv.addAll(List.of("-progress", "pipe:1", "-stats_period", "1"));
    return List.copyOf(argv);
  }

  static String filterGraph(MediaInfo info, Ladder ladder) {
    return filterGraph(info, ladder, true, NO_COPY);
  }

  /**
   * {@code [0:v:0]format=yuv420p,split=N[m][r0]…[t]} then one scale per output: {@code [mv]} for
   * the blob (when encoded), {@code [v0]…} for the rungs but the copied one, {@code [tv]} for the
   * thumbnail.
   */
  static String filterGraph(MediaInfo info, Ladder ladder, boolean withBlob, int copiedRung) {
    List<Rendition> rungs = ladder.renditions();
    StringBuilder graph = new StringBuilder("[0:v:0]");
    if (ladder.frameRate() > 0) {
      graph.append("fps=").append(number(ladder.frameRate())).append(',');
    }
    int encodedRungs = rungs.size() - (copiedRung == NO_COPY ? 0 : 1);
    graph.append("format=yuv420p,split=").append(encodedRungs + (withBlob ? 2 : 1));
    if (withBlob) {
      graph.append("[m]");
    }
    for (int i = 0; i < rungs.size(); i++) {
      if (i != copiedRung) {
        graph.append("[r").append(i).append(']');
      }
    }
    graph.append("[t]");
    if (withBlob) {
      graph.append(";[m]").append(scale(ladder.blob())).append("[mv]");
    }
    for (int i = 0; i < rungs.size(); i++) {
      if (i != copiedRung) {
        graph.append(";[r").append(i).append(']').append(scale(rungs.get(i)));
        graph.append("[v").append(i).append(']');
      }
    }
    // Scale before picking, so the thumbnail filter buffers small frames, not source-size ones;
    // and end the branch after the frames it picks from, or it would look at every later frame
    // (0.7 CPU-s of a 20 s 720p encode) only for them to be dropped.
    graph.append(";[t]trim=start=").append(number(thumbnailStart(info)));
    graph.append(":duration=").append(THUMBNAIL_SPAN_SECONDS);
    graph.append(',').append(scale(thumbnailSize(ladder)));
    graph.append(",thumbnail=").append(thumbnailWindow(info, ladder)).append("[tv]");
    return graph.toString();
  }

  private static void blob(List<String> argv, MediaInfo info, Rendition blob, String out) {
    argv.addAll(List.of("-map", "[mv]"));
    if (info.hasAudio()) {
      argv.addAll(List.of("-map", FIRST_AUDIO));
    }
    argv.addAll(X264);
    argv.addAll(
        List.of("-maxrate", blob.maxrateKbps() + "k", "-bufsize", blob.bufsizeKbps() + "k"));
    if (info.hasAudio()) {
      argv.addAll(AAC);
    }
    blobFile(argv, out);
  }

  /**
   * One HLS muxer for all rungs; each rung gets its own copy of the audio in its segments. A
   * copied rung ({@code copiedRung}, or {@link #NO_COPY}) is the input's video stream as it is.
   */
  private static void hls(
      List<String> argv, MediaInfo info, List<Rendition> rungs, String out, boolean growing, int copiedRung) {
    for (int i = 0; i < rungs.size(); i++) {
      argv.addAll(List.of("-map", i == copiedRung ? FIRST_VIDEO : "[v" + i + "]"));
    }
    if (info.hasAudio()) {
      for (int i = 0; i < rungs.size(); i++) {
        argv.addAll(List.of("-map", FIRST_AUDIO));
      }
    }
    if (copiedRung == NO_COPY) {
      argv.addAll(X264);
      // Keyframes exactly on segment boundaries, and no others from scene cuts, so every rung's
      // segments line up and a player can switch between them.
      argv.addAll(List.of("-force_key_frames", keyFrames(growing), "-sc_threshold", "0"));
    }
    for (int i = 0; i < rungs.size(); i++) {
      if (i == copiedRung) {
        argv.addAll(List.of("-c:v:" + i, "copy"));
        continue;
      }
      if (copiedRung != NO_COPY) {
        // Options per stream, as the copied one takes no encoder options; key frames where the
        // input has them, which is where the copied rung's segments can be cut.
        argv.addAll(forStream(X264, i));
        argv.addAll(List.of("-force_key_frames:v:" + i, "source", "-sc_threshold:v:" + i, "0"));
      }
      Rendition rung = rungs.get(i);
      argv.addAll(List.of("-maxrate:v:" + i, rung.maxrateKbps() + "k"));
      argv.addAll(List.of("-bufsize:v:" + i, rung.bufsizeKbps() + "k"));
    }
    if (info.hasAudio()) {
      argv.addAll(copiedRung == NO_COPY ? AAC : List.of("-c:a", "copy"));
    }
    argv.addAll(NO_METADATA);
    argv.addAll(List.of("-f", "hls", "-hls_time", String.valueOf(SEGMENT_SECONDS)));
    if (growing) {
      argv.addAll(List.of("-hls_init_time", "1", "-hls_playlist_type", "event"));
    } else {
      argv.addAll(List.of("-hls_playlist_type", "vod"));
    }
    argv.addAll(List.of("-hls_flags", "independent_segments"));
    argv.addAll(List.of("-hls_segment_type", "mpegts", "-hls_segment_filename"));
    argv.add(out + "/%v/" + MediaLayout.SEGMENT_PREFIX + "%d" + MediaLayout.SEGMENT_SUFFIX);
    argv.addAll(List.of("-master_pl_name", MediaLayout.MASTER_PLAYLIST));
    argv.addAll(List.of("-var_stream_map", streamMap(info, rungs)));
    argv.add(out + "/%v/" + MediaLayout.RENDITION_PLAYLIST);
  }

  /** Video options ({@code -crf 23}, {@code -profile:v high}) for one output video stream only. */
  private static List<String> forStream(List<String> options, int stream) {
    List<String> specific = new ArrayList<>();
    for (int i = 0; i < options.size(); i += 2) {
      String name = options.get(i).endsWith(":v") ? options.get(i) : options.get(i) + ":v";
      specific.addAll(List.of(name + ":" + stream, options.get(i + 1)));
    }
    return specific;
  }

  /**
   * A key frame at every segment boundary: every {@value #SEGMENT_SECONDS} s, or for a growing
   * ladder every second for the first {@value #SHORT_SEGMENTS} s, then every {@value
   * #SEGMENT_SECONDS} s.
   */
  static String keyFrames(boolean growing) {
    if (!growing) {
      return "expr:gte(t,n_forced*" + SEGMENT_SECONDS + ")";
    }
    return "expr:if(lt(t," + SHORT_SEGMENTS + "),gte(t,n_forced),gte(t," + SHORT_SEGMENTS + "+(n_forced-"
        + SHORT_SEGMENTS + ")*" + SEGMENT_SECONDS + "))";
  }

  /** {@code v:0,a:0,name:360p v:1,a:1,name:720p}: which streams form each rung's folder. */
  private static String streamMap(MediaInfo info, List<Rendition> rungs) {
    List<String> variants = new ArrayList<>();
    for (int i = 0; i < rungs.size(); i++) {
      String audio = info.hasAudio() ? ",a:" + i : "";
      variants.add("v:" + i + audio + ",name:" + rungs.get(i).name());
    }
    return String.join(" ", variants);
  }

  private static String scale(Rendition size) {
    return "scale=" + size.width() + ":" + size.height() + ",setsar=1";
  }

  /**
   * A second in, past fade-ins and black first frames, but never past the last frame: a clip of
   * one frame (a still GIF) or a few has its thumbnail taken from what it has.
   */
  static double thumbnailStart(MediaInfo info) {
    double start = Math.min(1.0, info.durationSeconds() / 3);
    if (info.frameCount() == 1) {
      return 0;
    }
    if (info.frameRate() > 0) {
      start = Math.min(start, info.durationSeconds() - 1 / info.frameRate());
    }
    return Math.max(0, start);
  }

  /** The thumbnail filter picks the most typical frame of about one second's worth. */
  static int thumbnailWindow(MediaInfo info, Ladder ladder) {
    double rate = ladder.frameRate() > 0 ? ladder.frameRate() : info.frameRate();
    return rate > 0 ? (int) Math.max(2, Math.round(rate)) : 30;
  }

  private static Rendition thumbnailSize(Ladder ladder) {
    return ladder.renditions().stream()
        .filter(rung -> rung.name().equals(THUMBNAIL_RUNG))
        .findFirst()
        .orElse(ladder.blob());
  }

  /** Plain decimal without exponent or trailing zeros: 1, 0.333, 59.94. */
  static String number(double value) {
    return BigDecimal.valueOf(value)
        .setScale(3, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
