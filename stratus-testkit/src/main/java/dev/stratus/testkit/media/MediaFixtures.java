package dev.stratus.testkit.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Generates short test clips with a real ffmpeg: a test pattern, plus a tone where the clip has
 * audio. The caller supplies the executable and the environment it needs (the testkit does not know
 * where ffmpeg comes from). Clips are encoded with {@code ultrafast} to stay quick and small.
 */
public final class MediaFixtures {
  private static final long TIMEOUT_SECONDS = 120;
  private static final String TONE = "sine=frequency=440:sample_rate=48000";

  private final Path ffmpeg;
  private final Map<String, String> env;

  public MediaFixtures(Path ffmpeg, Map<String, String> env) {
    this.ffmpeg = ffmpeg;
    this.env = Map.copyOf(env);
  }

  /** 1920x1080 at 30 fps, H.264 (yuv420p) with mono AAC audio, in MP4. Returns {@code out}. */
  public Path landscape1080p(Path out, double seconds) throws IOException, InterruptedException {
    encode(out, seconds, "1920x1080", 30, true);
    return out;
  }

  /**
   * Coded 1280x720 but carrying a display matrix that turns it a quarter turn, so players (and
   * ffprobe's side data, which reports {@code rotation: 90}) show it as 720x1280. Has audio.
   */
  public Path portraitRotated(Path out, double seconds) throws IOException, InterruptedException {
    Path unrotated = out.resolveSibling(out.getFileName() + ".unrotated.mp4");
    try {
      encode(unrotated, seconds, "1280x720", 30, true);
      // -display_rotation is an input option: it sets the matrix that "-c copy" then writes out.
      run(
          List.of(
              ffmpeg.toString(),
              "-hide_banner",
              "-nostdin",
              "-y",
              "-loglevel",
              "error",
              "-display_rotation",
              "90",
              "-i",
              unrotated.toAbsolutePath().toString(),
              "-c",
              "copy",
              out.toAbsolutePath().toString()));
    } finally {
      Files.deleteIfExists(unrotated);
    }
    return out;
  }

  /**
   * 1280x720 at 30 fps of moving noise (no encoder makes it small: about 4 Mbit/s here, as a phone
   * records), H.264 with AAC, in MP4. Returns {@code out}.
   */
  public Path noisy720p(Path out, double seconds) throws IOException, InterruptedException {
    ffmpeg(List.of("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", TONE,
        "-t", String.format(Locale.ROOT, "%.3f", seconds), "-vf", "noise=alls=25:allf=t+u",
        "-map", "0:v", "-map", "1:a", "-c:a", "aac", "-b:a", "96k",
        "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "4M", "-maxrate", "4M", "-bufsize", "8M",
        "-pix_fmt", "yuv420p", "-f", "mp4", out.toAbsolutePath().toString()));
    return out;
  }

  /**
   * 1280x720 at 30 fps as a phone records it, and as the fast path takes it: H.264 High with a key
   * frame every second, about 2 Mbit/s (within the 720p rung's cap), stereo AAC, in MP4 with
   * faststart. Returns {@code out}.
   */
  public Path phone720p(Path out, double seconds) throws IOException, InterruptedException {
    ffmpeg(List.of("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", TONE,
        "-t", String.format(Locale.ROOT, "%.3f", seconds), "-map", "0:v", "-map", "1:a",
        "-c:a", "aac", "-b:a", "128k", "-ac", "2",
        "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p",
        "-b:v", "2M", "-maxrate", "2500k", "-bufsize", "5M", "-g", "30",
        "-movflags", "+faststart", "-f", "mp4", out.toAbsolutePath().toString()));
    return out;
  }

  /** 640x480 at 25 fps, H.264 only: no audio stream at all. Returns {@code out}. */
  public Path noAudio(Path out, double seconds) throws IOException, InterruptedException {
    encode(out, seconds, "640x480", 25, false);
    return out;
  }

  /**
   * Runs ffmpeg with {@code args} after the flags every fixture uses (quiet, no stdin, overwrite);
   * for the other generators in this package.
   */
  void ffmpeg(List<String> args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.addAll(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
    argv.addAll(args);
    run(argv);
  }

  private void encode(Path out, double seconds, String size, int rate, boolean audio)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.addAll(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
    argv.addAll(List.of("-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + rate));
    if (audio) {
      argv.addAll(List.of("-f", "lavfi", "-i", TONE));
    }
    argv.addAll(List.of("-t", String.format(Locale.ROOT, "%.3f", seconds), "-map", "0:v"));
    if (audio) {
      argv.addAll(List.of("-map", "1:a", "-c:a", "aac", "-b:a", "96k"));
    }
    argv.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));
    argv.addAll(List.of("-f", "mp4", out.toAbsolutePath().toString()));
    run(argv);
  }

  private void run(List<String> argv) throws IOException, InterruptedException {
    Path log = Files.createTempFile("media-fixture", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
      builder.redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            "ffmpeg fixture did not finish in " + TIMEOUT_SECONDS + " s: " + argv);
      }
      if (process.exitValue() != 0) {
        String output = Files.readString(log, StandardCharsets.UTF_8).strip();
        throw new IOException(
            "ffmpeg fixture exited " + process.exitValue() + ": " + output + "\n" + argv);
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
