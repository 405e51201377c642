package dev.stratus.ffmpeg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * Puts stand-ins for four system libraries beside the unpacked ffmpeg: the bundled libavdevice
 * links against PulseAudio, ALSA and X11 (xcb) for capture and playback devices Stratus never
 * opens, and a minimal Linux install has none of them, so without the stand-ins ffmpeg would not
 * start there at all. Each stand-in (built by {@code src/main/native/stand-ins/build.sh}) has the
 * symbols libavdevice takes from the real library, each failing, and no dependencies. The ffmpeg
 * folder comes first on the loader path, so the stand-ins are what is loaded on every machine,
 * whether it has the real libraries or not: ffmpeg behaves the same everywhere.
 */
final class LibraryStandIns {
  static final List<String> FILE_NAMES = List.of("libpulse.so.0", "libasound.so.2", "libxcb.so.1", "libxcb-shm.so.0");
  private static final String RESOURCE_DIR = "dev/stratus/ffmpeg/stand-ins/";

  private LibraryStandIns() {}

  /** Writes each stand-in into {@code folder} unless an identical copy is already there. */
  static void installInto(Path folder) throws IOException {
    for (String name : FILE_NAMES) {
      install(folder, name);
    }
  }

  private static void install(Path folder, String name) throws IOException {
    byte[] library;
    try (InputStream in = LibraryStandIns.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IOException("the stand-in " + RESOURCE_DIR + name + " is missing from the classpath");
      }
      library = in.readAllBytes();
    }
    Path target = folder.resolve(name);
    if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), library)) {
      return;
    }
    // Written beside its place and renamed in: a JVM starting ffmpeg meanwhile never loads half a file.
    Path temp = Files.createTempFile(folder, "." + name, ".partial");
    try {
      Files.write(temp, library);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
