package dev.stratus.ffmpeg;

import dev.stratus.core.media.BlobCopy;
import dev.stratus.core.media.HlsPlaylists;
import dev.stratus.core.media.KeyframeIndex;
import dev.stratus.core.media.Ladder;
import dev.stratus.core.media.MediaException;
import dev.stratus.core.media.MediaInfo;
import dev.stratus.core.media.MediaLayout;
import dev.stratus.core.media.Rendition;
import dev.stratus.core.media.RungCopy;
import dev.stratus.core.media.Transcoder;
import dev.stratus.core.pipeline.Workspace;
import dev.stratus.lexicon.FailureCode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Transcoder} over ffprobe and one ffmpeg process per video (see {@link FfmpegArgs}).
 * Encodes run under a CPU-time budget scaled to the video's length (see {@link FfmpegSettings}),
 * at lower CPU priority when {@code nice} is available.
 */
public final class FfmpegTranscoder implements Transcoder {
  static final String ENCODING_FAILED = "encoding_failed";
  private static final Logger log = LoggerFactory.getLogger(FfmpegTranscoder.class);
  // ffprobe's JSON for a sane file is a few kB; this bounds what a hostile one can make us hold.
  private static final int MAX_PROBE_CHARS = 4 << 20;

  private final FfmpegBinaries binaries;
  private final FfmpegSettings settings;
  private final ProcessRunner runner;
  private final List<String> priority;

  public FfmpegTranscoder(FfmpegBinaries binaries, FfmpegSettings settings) {
    this.binaries = binaries;
    this.settings = settings;
    this.runner = new ProcessRunner(binaries.env());
    this.priority = lowPriorityPrefix(settings.niceness(), System.getenv("PATH"));
  }

  public FfmpegTranscoder(FfmpegBinaries binaries) {
    this(binaries, FfmpegSettings.DEFAULTS);
  }

  @Override
  public MediaInfo probe(Path input) throws MediaException {
    StringBuilder json = new StringBuilder();
    ProcessRunner.Result result =
        run(
            "ffprobe",
            FfprobeJson.command(binaries.ffprobe(), input),
            settings.probeBudget(),
            line -> {
              if (json.length() < MAX_PROBE_CHARS) {
                json.append(line).append('\n');
              }
            });
    if (result.timedOut()) {
      // A busy machine, not a bad video: try again later.
      throw MediaException.retryable(
          FailureCode.GENERIC_FAILURE, "probe_timeout", "Reading the video used up its time ("
              + human(settings.probeDeadline()) + " at full speed); it will be tried again");
    }
    if (result.exitCode() != 0) {
      log.debug("ffprobe exited {} on {}: {}", result.exitCode(), input, result.stderrTail());
      throw FfprobeJson.invalid(describe(result, input));
    }
    return FfprobeJson.parse(json.toString());
  }

  /**
   * Encodes each rendition once: an input that already is what its blob and the rung of its size
   * would be gets both by stream copy, and only the other rungs are encoded ({@link RungCopy});
   * otherwise, when a rung has the blob's picture size (the usual case), the ladder is encoded and
   * the blob is that rung's encode muxed again into MP4; else the blob is one more output of the
   * same ffmpeg run.
   */
  @Override
  public void transcode(
      Path input, MediaInfo info, Ladder ladder, Path outputDir, IntConsumer progress)
      throws MediaException {
    if (encodedWithCopiedRung(input, info, ladder, outputDir, progress, true)) {
      return;
    }
    transcodeEverything(input, info, ladder, outputDir, progress);
  }

  /** {@link #transcode} without the fast path: every rendition encoded (the benchmarks' baseline). */
  public void transcodeEverything(
      Path input, MediaInfo info, Ladder ladder, Path outputDir, IntConsumer progress)
      throws MediaException {
    Optional<Rendition> twin = ladder.blobTwin();
    if (twin.isEmpty()) {
      transcodeWithSeparateBlob(input, info, ladder, outputDir, progress);
      return;
    }
    encode(FfmpegArgs.ladderOnly(binaries.ffmpeg(), input, info, ladder, outputDir), input, info, ladder, outputDir,
        progress, ladderOutputs(ladder, outputDir));
    encode(FfmpegArgs.blobFromRung(binaries.ffmpeg(), outputDir, twin.get().name()), input, info, ladder, outputDir,
        percent -> {}, List.of(outputDir.resolve(MediaLayout.BLOB)));
  }

  /**
   * One ffmpeg run that encodes the blob as an output of its own beside every rung: what a source
   * with no rung of the blob's size gets, and the plan benchmarks compare the shared encode with.
   */
  public void transcodeWithSeparateBlob(
      Path input, MediaInfo info, Ladder ladder, Path outputDir, IntConsumer progress) throws MediaException {
    encode(FfmpegArgs.transcode(binaries.ffmpeg(), input, info, ladder, outputDir), input, info, ladder, outputDir,
        progress, expectedOutputs(ladder, outputDir));
  }

  @Override
  public void encodeBlob(Path input, MediaInfo info, Ladder ladder, Path outputDir, IntConsumer progress)
      throws MediaException {
    boolean copy = BlobCopy.allowed(info, ladder);
    log.debug("blob first: {} {}", copy ? "stream copy of" : "fast encode of", input);
    encode(FfmpegArgs.blobOnly(binaries.ffmpeg(), input, info, ladder, outputDir, copy), input, info, ladder, outputDir,
        progress, List.of(outputDir.resolve(MediaLayout.BLOB)));
  }

  @Override
  public void encodeLadder(Path input, MediaInfo info, Ladder ladder, Path outputDir, IntConsumer progress)
      throws MediaException {
    if (encodedWithCopiedRung(input, info, ladder, outputDir, progress, false)) {
      return;
    }
    encode(FfmpegArgs.ladderOnly(binaries.ffmpeg(), input, info, ladder, outputDir), input, info, ladder, outputDir,
        progress, ladderOutputs(ladder, outputDir));
  }

  @Override
  public void encodeFittedBlob(Path input, MediaInfo info, Ladder ladder, Path outputDir, IntConsumer progress)
      throws MediaException {
    encode(FfmpegArgs.fittedBlob(binaries.ffmpeg(), input, info, ladder, outputDir), input, info, ladder, outputDir,
        progress, List.of(outputDir.resolve(MediaLayout.BLOB)));
  }

  @Override
  public void encodeGrowingLadder(Path input, MediaInfo info, Ladder ladder, Path outputDir, IntConsumer progress)
      throws MediaException {
    encode(FfmpegArgs.growingLadder(binaries.ffmpeg(), input, info, ladder, outputDir), input, info, ladder, outputDir,
        progress, ladderOutputs(ladder, outputDir));
  }

  /**
   * The fast path, when {@link RungCopy} allows it: one run that copies the input into the rung of
   * its size (and the blob, when {@code withBlob}) and encodes the other rungs with key frames
   * where the input has them. False, with {@code outputDir} left empty, when the input does not
   * qualify or the rungs' segments came out misaligned (the caller then encodes every rung).
   */
  private boolean encodedWithCopiedRung(Path input, MediaInfo info, Ladder ladder, Path outputDir, IntConsumer progress,
      boolean withBlob) throws MediaException {
    if (!RungCopy.worthChecking(info, ladder)) {
      return false;
    }
    KeyframeProbe packets = new KeyframeProbe();
    ProcessRunner.Result read =
        run("ffprobe", KeyframeProbe.command(binaries.ffprobe(), input, info), settings.probeBudget(), packets);
    if (read.timedOut() || read.exitCode() != 0) {
      log.debug("no fast path for {}: its packets could not be read", input);
      return false;
    }
    KeyframeIndex keyframes = packets.index(info.durationSeconds());
    Optional<Rendition> copied = RungCopy.rungToCopy(info, ladder, keyframes);
    if (copied.isEmpty()) {
      log.debug("no fast path for {}: key frames up to {} s apart, {} kbit/s", input,
          keyframes.longestGapSeconds(), Math.round(keyframes.averageKbps()));
      return false;
    }
    int index = ladder.renditions().indexOf(copied.get());
    List<Path> outputs = withBlob ? expectedOutputs(ladder, outputDir) : ladderOutputs(ladder, outputDir);
    encode(FfmpegArgs.withCopiedRung(binaries.ffmpeg(), input, info, ladder, outputDir, index, withBlob), input,
        info, ladder, outputDir, progress, outputs);
    if (!segmentsAligned(ladder, outputDir, info)) {
      log.info("fast path for {}: the rungs' segments came out misaligned; encoding every rung", input);
      emptyFolder(outputDir);
      return false;
    }
    log.debug("fast path for {}: {} and the blob copied", input, copied.get().name());
    return true;
  }

  /** Whether every rung's playlist cuts at the same instants (within a frame). */
  private static boolean segmentsAligned(Ladder ladder, Path outputDir, MediaInfo info) throws MediaException {
    List<String> playlists = new ArrayList<>();
    try {
      for (Rendition rung : ladder.renditions()) {
        playlists.add(Files.readString(outputDir.resolve(rung.name()).resolve(MediaLayout.RENDITION_PLAYLIST)));
      }
    } catch (IOException e) {
      throw encodingFailed("the encoded playlists could not be read: " + e.getMessage());
    }
    double frame = info.frameRate() > 0 ? 1 / info.frameRate() : 0.04;
    return HlsPlaylists.aligned(playlists, frame);
  }

  private static void emptyFolder(Path folder) throws MediaException {
    try (var entries = Files.list(folder)) {
      for (Path entry : entries.toList()) {
        Workspace.deleteTree(entry);
      }
    } catch (IOException e) {
      throw encodingFailed("the first attempt's outputs could not be removed: " + e.getMessage());
    }
  }

  /** What a ladder-only run writes: everything but the blob. */
  private static List<Path> ladderOutputs(Ladder ladder, Path outputDir) {
    List<Path> expected = new ArrayList<>(expectedOutputs(ladder, outputDir));
    expected.remove(outputDir.resolve(MediaLayout.BLOB));
    return expected;
  }

  private void encode(
      List<String> command,
      Path input,
      MediaInfo info,
      Ladder ladder,
      Path outputDir,
      IntConsumer progress,
      List<Path> outputs)
      throws MediaException {
    List<String> argv = new ArrayList<>(priority);
    argv.addAll(command);
    Duration deadline = settings.encodeDeadline(info.durationSeconds());
    FfmpegProgress frames =
        new FfmpegProgress(FfmpegProgress.expectedFrames(info, ladder), progress);
    ProcessRunner.Result result = run("ffmpeg", argv, settings.encodeBudget(deadline), frames);
    if (result.timedOut()) {
      throw MediaException.retryable(
          FailureCode.ENCODING_FAILURE, "encode_timeout", "The encode used up its time ("
              + human(deadline) + " at full speed); it will be tried again");
    }
    if (result.exitCode() != 0) {
      throw encodingFailed("The video could not be encoded: " + describe(result, input, outputDir));
    }
    for (Path expected : outputs) {
      if (!Files.isRegularFile(expected) || size(expected) == 0) {
        throw encodingFailed("ffmpeg exited 0 but wrote no " + outputDir.relativize(expected));
      }
    }
    progress.accept(100);
  }

  /** Everything {@link MediaLayout} promises for this ladder. */
  static List<Path> expectedOutputs(Ladder ladder, Path outputDir) {
    List<Path> files = new ArrayList<>();
    files.add(outputDir.resolve(MediaLayout.BLOB));
    files.add(outputDir.resolve(MediaLayout.MASTER_PLAYLIST));
    for (Rendition rung : ladder.renditions()) {
      files.add(outputDir.resolve(rung.name()).resolve(MediaLayout.RENDITION_PLAYLIST));
    }
    files.add(outputDir.resolve(MediaLayout.THUMBNAIL));
    return files;
  }

  private ProcessRunner.Result run(
      String what, List<String> argv, RunBudget budget, Consumer<String> out)
      throws MediaException {
    log.debug("running {}", argv);
    try {
      return runner.run(argv, budget, out);
    } catch (IOException e) {
      // Our installation is broken, not the video: not a validation or encoding verdict.
      throw new MediaException(
          FailureCode.GENERIC_FAILURE,
          "transcoder_unavailable",
          "cannot run " + what + ": " + e.getMessage());
    } catch (InterruptedException e) {
      // Keep the flag: the worker is stopping and must not record this as the video's failure.
      Thread.currentThread().interrupt();
      throw new MediaException(
          FailureCode.GENERIC_FAILURE, "interrupted", what + " was stopped by a shutdown");
    }
  }

  private static String human(Duration duration) {
    return duration.toMillis() >= 1000 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  private static MediaException encodingFailed(String message) {
    return new MediaException(FailureCode.ENCODING_FAILURE, ENCODING_FAILED, message);
  }

  /**
   * What ffmpeg said went wrong, for the uploader: its last stderr line with our paths, stream
   * labels ({@code [out#2/image2 @ 0x…]}), addresses and command-line details cut out. The
   * uploader should learn what was wrong with the video, not how or where the server ran it; the
   * whole stderr goes to the log beside the workspace's name, which names the job.
   */
  static String describe(ProcessRunner.Result result, Path... paths) {
    String last = result.lastStderrLine();
    for (Path path : paths) {
      String absolute = path.toAbsolutePath().toString();
      Path name = path.getFileName();
      last = last.replace(absolute, name == null ? "" : name.toString());
    }
    log.warn("ffmpeg exited {} for {}: {}", result.exitCode(), paths.length > 0 ? paths[0] : "?", result.stderrTail());
    String reason = PublicText.scrub(last);
    return reason.isEmpty() ? "the decoder reported an error" : reason;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** {@code nice -n N} when a {@code nice} executable is on {@code path}, else nothing. */
  static List<String> lowPriorityPrefix(int niceness, @Nullable String path) {
    if (niceness <= 0 || path == null) {
      return List.of();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path nice = Path.of(dir, "nice");
      if (Files.isRegularFile(nice) && Files.isExecutable(nice)) {
        return List.of(nice.toString(), "-n", String.valueOf(niceness));
      }
    }
    return List.of();
  }
}
