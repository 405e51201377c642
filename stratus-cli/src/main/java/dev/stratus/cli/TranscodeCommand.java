package dev.stratus.cli;

import dev.stratus.core.media.InputLimits;
import dev.stratus.core.media.InputValidator;
import dev.stratus.core.media.Ladder;
import dev.stratus.core.media.MediaException;
import dev.stratus.core.media.MediaInfo;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.ffmpeg.FfmpegTranscoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stratus transcode IN OUT}: the service's probe, checks and one-pass encode on a local
 * file, without a server: to see what an upload would become, or to measure the encode alone.
 */
@Command(
    name = "transcode",
    mixinStandardHelpOptions = true,
    description = "Encode a local video exactly as the service would: MP4 blob, HLS ladder, thumbnail.")
final class TranscodeCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "The input video.")
  Path input;

  @Parameters(index = "1", description = "An empty or new folder for the outputs.")
  Path output;

  @Option(names = "--separate-blob", hidden = true,
      description = "Encode the blob as an output of its own instead of sharing its rung's encode (for benchmarks).")
  boolean separateBlob;

  @Option(names = "--encode-every-rung", hidden = true,
      description = "Encode every rung even when one could be the input copied (for benchmarks).")
  boolean encodeEveryRung;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(output);
    try (var entries = Files.list(output)) {
      if (entries.findAny().isPresent()) {
        System.err.println("stratus: " + output + " is not empty");
        return 2;
      }
    }
    FfmpegTranscoder transcoder = new FfmpegTranscoder(FfmpegBinaries.bundled());
    try {
      MediaInfo info = transcoder.probe(input);
      new InputValidator(InputLimits.DEFAULTS).check(info);
      Ladder ladder = Ladder.forSource(info);
      System.err.printf("%s: %dx%d, %.1f s → blob %dx%d, %d rungs%n", input, info.width(), info.height(),
          info.durationSeconds(), ladder.blob().width(), ladder.blob().height(), ladder.renditions().size());
      IntConsumer progress = percent -> System.err.print("\r" + percent + "%");
      if (separateBlob) {
        transcoder.transcodeWithSeparateBlob(input, info, ladder, output, progress);
      } else if (encodeEveryRung) {
        transcoder.transcodeEverything(input, info, ladder, output, progress);
      } else {
        transcoder.transcode(input, info, ladder, output, progress);
      }
      System.err.println("\rdone: " + output);
      return 0;
    } catch (MediaException e) {
      System.err.println("stratus: " + e.failureCode() + " (" + e.error() + "): " + e.getMessage());
      return 1;
    }
  }
}
