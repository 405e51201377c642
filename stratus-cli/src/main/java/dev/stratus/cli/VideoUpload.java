package dev.stratus.cli;

import dev.stratus.client.VideoClient;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** Sends a video with an upload bar, then follows its processing with a second bar. */
final class VideoUpload {
  private static final Map<String, String> TYPES = Map.of(
      "mp4", "video/mp4", "m4v", "video/mp4", "mov", "video/quicktime", "webm", "video/webm",
      "mpeg", "video/mpeg", "mpg", "video/mpeg", "mkv", "video/x-matroska", "avi", "video/x-msvideo");

  private VideoUpload() {}

  /** The type to declare: {@code given}, or the one the file's extension names. */
  static String mimeType(Path file, @Nullable String given) {
    if (given != null) {
      return given;
    }
    String name = file.getFileName().toString();
    String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    String type = TYPES.get(extension);
    if (type == null) {
      throw new CliFailure(ExitCode.USAGE, "cannot tell the type of " + name + " from its name: give --mime (e.g. video/mp4)");
    }
    return type;
  }

  static void requireFile(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new CliFailure(ExitCode.USAGE, file + ": no such readable file");
    }
  }

  /** Uploads {@code file} and returns the job as the service created it (or the earlier one). */
  static JobStatus send(VideoClient client, Path file, String mimeType, Output output) {
    try (Progress bar = output.bytes("Uploading", size(file))) {
      return client.upload(file, mimeType, (sent, total) -> bar.update(sent, total, ""));
    }
  }

  /** Follows {@code job} to its end, for at most {@code wait}. */
  static JobStatus follow(VideoClient client, JobStatus job, Output output, Duration wait)
      throws TimeoutException, InterruptedException {
    if (job.state().isTerminal()) {
      return job;
    }
    try (Progress bar = output.percent("Processing")) {
      return client.awaitCompletion(job.jobId(),
          status -> bar.update(status.progress() == null ? 0 : status.progress(), 100, Output.stateWord(status.state())),
          wait);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file, e);
    }
  }

  /** A failed job as a {@link ExitCode#REJECTED} failure naming its code and the service's words. */
  static void requireCompleted(JobStatus done) {
    if (done.state().equals(JobState.FAILED)) {
      String code = done.failureCode() == null ? (done.error() == null ? "failed" : done.error()) : done.failureCode().value();
      throw new CliFailure(ExitCode.REJECTED, "the video was not accepted (" + code + ")"
          + (done.message() == null ? "" : ": " + done.message()));
    }
  }
}
