package dev.stratus.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The video a command sends, and its type. */
final class VideoFileOptions {
  @Parameters(index = "0", paramLabel = "FILE", description = "The video.")
  Path file;

  @Option(names = "--mime", paramLabel = "TYPE", description = "The video's type (default: from its extension).")
  @Nullable String mime;

  /** The file, once it is known to be readable. */
  Path file() {
    VideoUpload.requireFile(file);
    return file;
  }

  String mimeType() {
    return VideoUpload.mimeType(file, mime);
  }
}
