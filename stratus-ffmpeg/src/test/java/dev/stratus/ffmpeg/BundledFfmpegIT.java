package dev.stratus.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking the ~90 MB bundle for real. */
class BundledFfmpegIT {
  @TempDir Path dir;

  private final BundledFfmpeg bundle = BundledFfmpeg.onClasspath(getClass().getClassLoader());

  @Test
  void theFolderIsNamedForTheBuild() throws Exception {
    assertThat(bundle.folderName()).isEqualTo("ffmpeg-8.1.2-1.5.14");
  }

  @Test
  void unpacksOnceWithExecutablesAndLibraries() throws Exception {
    Path target = dir.resolve("cache/ffmpeg");

    bundle.extractTo(target);
    FileTime first = Files.getLastModifiedTime(target.resolve(BundledFfmpeg.MARKER));
    bundle.extractTo(target);

    assertThat(Files.getLastModifiedTime(target.resolve(BundledFfmpeg.MARKER))).isEqualTo(first);
    assertThat(Files.isExecutable(target.resolve("ffmpeg"))).isTrue();
    assertThat(Files.isExecutable(target.resolve("ffprobe"))).isTrue();
    assertThat(target.resolve("libavcodec.so.62")).isNotEmptyFile();
    assertThat(target.resolve("libva.so.2")).isNotEmptyFile();
    // Nothing half-done is left beside it.
    try (var siblings = Files.list(target.getParent())) {
      assertThat(siblings.toList()).containsExactly(target);
    }
  }

  @Test
  void ffmpegNeedsNoAudioOrX11LibrariesFromTheSystem() throws Exception {
    FfmpegBinaries binaries = FfmpegBinaries.bundled(dir.resolve("ffmpeg"));
    Path folder = binaries.ffmpeg().getParent();

    // The loader resolves each to its stand-in beside ffmpeg, never to a system copy.
    String ldd = run(binaries, List.of("ldd", binaries.ffmpeg().toString()));
    assertThat(ldd).doesNotContain("not found");
    String libavdevice = run(binaries, List.of("ldd", folder.resolve("libavdevice.so.62").toString()));
    for (String library : LibraryStandIns.FILE_NAMES) {
      assertThat(libavdevice).contains(library + " => " + folder.resolve(library));
    }

    // And ffmpeg encodes with the system's copies hidden, as on a minimal install without them.
    Path out = dir.resolve("out.mp4");
    String encode =
        binaries.ffmpeg() + " -hide_banner -loglevel error -f lavfi -i testsrc2=size=320x240:rate=25 -t 1"
            + " -c:v libx264 -y " + out;
    List<String> systemCopies = systemCopies();
    String hide = systemCopies.stream().map(lib -> "mount --bind /dev/null " + lib + " && ").reduce("", String::concat);
    // Hiding takes a mount namespace, which needs root (as CI has); elsewhere ldd above is the proof.
    boolean canHide = !systemCopies.isEmpty() && "root".equals(System.getProperty("user.name"));
    List<String> command = canHide ? List.of("unshare", "-m", "sh", "-c", hide + encode) : List.of("sh", "-c", encode);
    run(binaries, command);
    assertThat(out).isNotEmptyFile();

    // The stand-ins are written once and left alone while they are current.
    FileTime written = Files.getLastModifiedTime(folder.resolve("libpulse.so.0"));
    FfmpegBinaries.bundled(dir.resolve("ffmpeg"));
    assertThat(Files.getLastModifiedTime(folder.resolve("libpulse.so.0"))).isEqualTo(written);
  }

  /** Where the system keeps the stood-in libraries, per the loader's cache; empty on a minimal install. */
  private static List<String> systemCopies() throws Exception {
    Process ldconfig = new ProcessBuilder("ldconfig", "-p").redirectErrorStream(true).start();
    String cache = new String(ldconfig.getInputStream().readAllBytes());
    assertThat(ldconfig.waitFor()).isZero();
    return cache.lines()
        .filter(line -> LibraryStandIns.FILE_NAMES.contains(line.trim().split(" ")[0]))
        .map(line -> line.substring(line.indexOf("=> ") + 3).trim())
        .toList();
  }

  private static String run(FfmpegBinaries binaries, List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(binaries.env());
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(command + ": " + output).isZero();
    return output;
  }

  @Test
  void racingUnpackersAllEndWithOneCompleteCopy() throws Exception {
    Path target = dir.resolve("ffmpeg");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Callable<Path> unpack = () -> bundle.extractTo(target);
        results.add(pool.submit(unpack));
      }
      for (Future<Path> result : results) {
        assertThat(result.get()).isEqualTo(target.toAbsolutePath());
      }
    } finally {
      pool.shutdownNow();
    }

    FfmpegBinaries binaries = FfmpegBinaries.bundled(target);
    assertThat(binaries.ffmpeg()).isEqualTo(target.toAbsolutePath().resolve("ffmpeg"));
    assertThat(binaries.env().get("LD_LIBRARY_PATH"))
        .startsWith(target.toAbsolutePath().toString());
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.toList()).containsExactly(target);
    }
  }
}
