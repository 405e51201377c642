package dev.stratus.server;

import dev.stratus.core.media.BlobFit;
import dev.stratus.core.media.Ladder;
import dev.stratus.core.media.MediaInfo;
import dev.stratus.core.media.Rendition;
import dev.stratus.core.pds.PdsBlobLimits;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.ffmpeg.FfmpegTranscoder;
import dev.stratus.testkit.media.MediaFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark behind {@code bench/blob-fit.sh} (not part of the test suite: its name matches
 * neither *Test nor *IT): what fitting the MP4 blob to a PDS's size limit costs in quality. The
 * normal blob and blobs fitted to 5 MiB and 2 MiB of the same 30 s 720p source, each with its
 * size, bitrate, picture size and SSIM against the source scaled to the blob's size. Results go
 * to the file named by {@code -Dstratus.bench.out}.
 */
class BlobFitBench {
  private static final Pattern SSIM_ALL = Pattern.compile("All:([0-9.]+)");

  @TempDir Path dir;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void fittedBlobsAgainstTheNormalOne() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    FfmpegTranscoder transcoder = new FfmpegTranscoder(ffmpeg);
    Path source = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).noisy720p(dir.resolve("source.mp4"), 30);
    MediaInfo info = transcoder.probe(source);
    Ladder ladder = Ladder.forSource(info);

    StringBuilder report = new StringBuilder(
        "| blob | size | bitrate (all streams) | picture | SSIM against the source at that size |\n|---|---|---|---|---|\n");
    Path normal = Files.createDirectory(dir.resolve("normal"));
    transcoder.transcode(source, info, ladder, normal, progress -> {});
    report.append(row("normal (the upload pipeline's)", normal.resolve("video.mp4"), ladder.blob(), source, ffmpeg, info));
    for (long limit : List.of(5_242_880L, 2_097_152L)) {
      Rendition fitted = BlobFit.within(limit, info, ladder).orElseThrow();
      Path out = Files.createDirectory(dir.resolve("fit" + limit));
      transcoder.encodeFittedBlob(source, info, ladder.withBlob(fitted), out, progress -> {});
      report.append(row("fitted to " + PdsBlobLimits.describe(limit), out.resolve("video.mp4"), fitted, source, ffmpeg, info));
    }
    report.append(String.format(Locale.ROOT, "%nSource: %s, %.0f s, %dx%d, %.1f MB (moving noise over a test pattern: the hardest"
        + " case for a size limit).%n", "H.264/AAC", info.durationSeconds(), info.width(), info.height(), Files.size(source) / 1e6));
    Files.writeString(Path.of(System.getProperty("stratus.bench.out", dir.resolve("out.md").toString())), report);
    System.out.print(report);
  }

  private static String row(String name, Path blob, Rendition size, Path source, FfmpegBinaries ffmpeg, MediaInfo info)
      throws Exception {
    long bytes = Files.size(blob);
    double ssim = ssim(ffmpeg, blob, source, size);
    return String.format(Locale.ROOT, "| %s | %s | %.0f kbit/s | %dx%d | %.4f |%n", name, PdsBlobLimits.describe(bytes),
        bytes * 8 / info.durationSeconds() / 1000, size.width(), size.height(), ssim);
  }

  /** ffmpeg's ssim filter: the blob against the source scaled to the blob's size. */
  private static double ssim(FfmpegBinaries ffmpeg, Path blob, Path source, Rendition size) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(ffmpeg.ffmpeg().toString(), "-hide_banner", "-nostdin", "-i", blob.toString(),
        "-i", source.toString(), "-lavfi", "[1:v]scale=" + size.width() + ":" + size.height() + ",setsar=1[ref];[0:v]setsar=1[enc];"
            + "[enc][ref]ssim", "-f", "null", "-").redirectErrorStream(true);
    builder.environment().putAll(ffmpeg.env());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("ssim failed: " + output);
    }
    Matcher all = SSIM_ALL.matcher(output);
    if (!all.find()) {
      throw new IllegalStateException("no SSIM in " + output);
    }
    return Double.parseDouble(all.group(1));
  }
}
