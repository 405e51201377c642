package dev.stratus.ffmpeg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Unpacks the ffmpeg build shipped in {@code org.bytedeco:ffmpeg:…:linux-x86_64-gpl} into a folder,
 * once per version. The unpacking happens in a sibling temp folder that is renamed into place only
 * when complete, so JVMs racing on a fresh cache each get a whole copy or none.
 */
final class BundledFfmpeg {
  static final String RESOURCE_DIR = "org/bytedeco/ffmpeg/linux-x86_64-gpl/";
  static final List<String> EXECUTABLES = List.of("ffmpeg", "ffprobe");
  static final String MARKER = ".complete";
  private static final String POM_PROPERTIES = "META-INF/maven/org.bytedeco/ffmpeg/pom.properties";

  private final Path jar;

  private BundledFfmpeg(Path jar) {
    this.jar = jar;
  }

  /** Finds the jar holding the bundled ffmpeg on {@code loader}'s classpath. */
  static BundledFfmpeg onClasspath(ClassLoader loader) {
    URL url = loader.getResource(RESOURCE_DIR + "ffmpeg");
    if (url == null) {
      throw new IllegalStateException(
          "the bundled ffmpeg (org.bytedeco:ffmpeg, classifier linux-x86_64-gpl) is not on the"
              + " classpath; add it or configure a system ffmpeg");
    }
    try {
      if (!(url.openConnection() instanceof JarURLConnection connection)) {
        throw new IllegalStateException("the bundled ffmpeg is not inside a jar: " + url);
      }
      return new BundledFfmpeg(Path.of(connection.getJarFileURL().toURI()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + url, e);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IllegalStateException("the bundled ffmpeg's jar is not a local file: " + url, e);
    }
  }

  /** The folder name for this build, e.g. {@code ffmpeg-8.1.2-1.5.14}. */
  String folderName() throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry entry = file.getJarEntry(POM_PROPERTIES);
      if (entry != null) {
        Properties pom = new Properties();
        try (InputStream in = file.getInputStream(entry)) {
          pom.load(in);
        }
        String version = pom.getProperty("version");
        if (version != null && !version.isBlank()) {
          return "ffmpeg-" + version.strip();
        }
      }
    }
    // Without Maven metadata (a repackaged jar), the jar's own name still changes with the build.
    return jar.getFileName().toString().replaceFirst("\\.jar$", "");
  }

  /**
   * Makes {@code dir} hold every file of the bundle, executables marked executable, unless an
   * earlier run already did. Returns {@code dir}.
   */
  Path extractTo(Path dir) throws IOException {
    Path target = dir.toAbsolutePath();
    if (Files.exists(target.resolve(MARKER))) {
      return target;
    }
    Path parent = Files.createDirectories(target.getParent());
    Path temp = Files.createTempDirectory(parent, target.getFileName() + ".partial-");
    try {
      copyBundle(temp);
      Files.writeString(temp.resolve(MARKER), jar.getFileName() + "\n");
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // Another JVM renamed its complete copy into place first: use that one.
        if (!Files.exists(target.resolve(MARKER))) {
          throw new IOException(
              "cannot move the unpacked ffmpeg into "
                  + target
                  + " (if it is a stale partial copy, delete it)",
              e);
        }
      }
      return target;
    } finally {
      if (Files.exists(temp)) {
        deleteTree(temp);
      }
    }
  }

  private void copyBundle(Path into) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        String name = entry.getName();
        if (entry.isDirectory() || !name.startsWith(RESOURCE_DIR)) {
          continue;
        }
        String fileName = name.substring(RESOURCE_DIR.length());
        if (fileName.isEmpty() || fileName.contains("/") || fileName.startsWith(".")) {
          continue;
        }
        try (InputStream in = file.getInputStream(entry)) {
          Files.copy(in, into.resolve(fileName));
        }
      }
    }
    for (String executable : EXECUTABLES) {
      Path path = into.resolve(executable);
      if (!Files.isRegularFile(path)) {
        throw new IOException(jar + " has no " + RESOURCE_DIR + executable);
      }
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
