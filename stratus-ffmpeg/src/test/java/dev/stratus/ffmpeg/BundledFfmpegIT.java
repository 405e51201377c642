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
