package dev.stratus.core.pipeline;

import dev.stratus.core.media.MediaException;
import java.nio.file.Path;

/**
 * Content scanning (moderation) of an encoded video before it is published. Throw a
 * {@link MediaException} to refuse the video.
 */
public interface Scanner {
  /** Scans nothing: every video passes. The default until a real scanner is configured. */
  Scanner NONE = encodedFolder -> {};

  void scan(Path encodedFolder) throws MediaException;
}
