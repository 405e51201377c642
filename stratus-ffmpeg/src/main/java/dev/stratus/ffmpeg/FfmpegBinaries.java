package dev.stratus.ffmpeg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ffmpeg and ffprobe executables and the environment variables they need to start.
 *
 * <p>Obtain them with {@link #bundled()} (the build shipped in {@code org.bytedeco:ffmpeg}) or
 * {@link #system} (an installed ffmpeg); both check that ffmpeg actually starts, so a broken
 * install fails at boot rather than on the first upload.
 *
 * @param env variables added to the inherited environment when running either executable
 */
public record FfmpegBinaries(Path ffmpeg, Path ffprobe, Map<String, String> env) {
  private static final Duration VERSION_DEADLINE = Duration.ofSeconds(30);
  private static final Pattern MISSING_LIBRARY =
      Pattern.compile("error while loading shared libraries: ([^:\\s]+)");
  // The Debian/Ubuntu packages of the system libraries the bundled build links against, for a
  // system ffmpeg or a stand-in gone missing (see LibraryStandIns).
  private static final Map<String, String> PACKAGES =
      Map.of(
          "libpulse.so.0", "libpulse0",
          "libasound.so.2", "libasound2",
          "libxcb.so.1", "libxcb1",
          "libxcb-shm.so.0", "libxcb-shm0");

  public FfmpegBinaries {
    env = Map.copyOf(env);
  }

  /** An installed ffmpeg, e.g. {@code /usr/bin/ffmpeg}; checked by running it once. */
  public static FfmpegBinaries system(Path ffmpeg, Path ffprobe) {
    return new FfmpegBinaries(ffmpeg, ffprobe, Map.of()).checked();
  }

  /**
   * The bundled build, unpacked once under {@code $XDG_CACHE_HOME/stratus} (default {@code
   * ~/.cache/stratus}) in a folder named for its version; checked by running it once.
   */
  public static FfmpegBinaries bundled() {
    BundledFfmpeg bundle = BundledFfmpeg.onClasspath(FfmpegBinaries.class.getClassLoader());
    try {
      return unpacked(bundle, cacheRoot().resolve(bundle.folderName()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled ffmpeg", e);
    }
  }

  /** The bundled build, unpacked once into {@code dir}; checked by running it once. */
  public static FfmpegBinaries bundled(Path dir) {
    return unpacked(BundledFfmpeg.onClasspath(FfmpegBinaries.class.getClassLoader()), dir);
  }

  private static FfmpegBinaries unpacked(BundledFfmpeg bundle, Path dir) {
    Path folder;
    try {
      folder = bundle.extractTo(dir);
      LibraryStandIns.installInto(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the bundled ffmpeg into " + dir, e);
    }
    // The executables find their own libav* through RUNPATH=$ORIGIN, but those libraries' own
    // dependencies (libva, libdrm, ...) are only found through the loader path.
    String inherited = System.getenv("LD_LIBRARY_PATH");
    String libraryPath =
        inherited == null || inherited.isBlank() ? folder.toString() : folder + ":" + inherited;
    return new FfmpegBinaries(
            folder.resolve("ffmpeg"),
            folder.resolve("ffprobe"),
            Map.of("LD_LIBRARY_PATH", libraryPath))
        .checked();
  }

  /**
   * Runs {@code ffmpeg -version} and returns this when it works.
   *
   * @throws IllegalStateException naming the cause and the fix when ffmpeg cannot start
   */
  public FfmpegBinaries checked() {
    ProcessRunner.Result result;
    try {
      result = new ProcessRunner(env).run(List.of(ffmpeg.toString(), "-version"), VERSION_DEADLINE);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run ffmpeg at "
              + ffmpeg
              + ": "
              + e.getMessage()
              + "; install ffmpeg or configure the path of a working one",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking ffmpeg at " + ffmpeg, e);
    }
    if (!result.succeeded()) {
      throw new IllegalStateException(whyNotStarted(ffmpeg, result));
    }
    return this;
  }

  static String whyNotStarted(Path ffmpeg, ProcessRunner.Result result) {
    String stderr = String.join("\n", result.stderrTail());
    Optional<String> library = missingLibrary(stderr);
    if (library.isPresent()) {
      String lib = library.get();
      String install =
          PACKAGES.containsKey(lib)
              ? "install it (Debian/Ubuntu: apt-get install " + PACKAGES.get(lib) + ")"
              : "install the system package that provides it";
      return "ffmpeg at "
          + ffmpeg
          + " cannot start: the system library "
          + lib
          + " is missing; "
          + install
          + ", or configure a system ffmpeg instead of the bundled one";
    }
    String how = result.timedOut() ? "did not answer" : "exited " + result.exitCode();
    return "ffmpeg at " + ffmpeg + " " + how + " on -version: " + result.lastStderrLine();
  }

  /** The library named by the dynamic loader's "error while loading shared libraries" line. */
  static Optional<String> missingLibrary(String stderr) {
    Matcher matcher = MISSING_LIBRARY.matcher(stderr);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  private static Path cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("stratus");
  }
}
