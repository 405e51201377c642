/**
 * The {@link dev.stratus.core.media.Transcoder} over the ffmpeg and ffprobe executables: the
 * bundled build from {@code org.bytedeco:ffmpeg} or a configured system one. Everything runs as an
 * argv with a deadline; nothing goes through a shell.
 */
@NullMarked
package dev.stratus.ffmpeg;

import org.jspecify.annotations.NullMarked;
