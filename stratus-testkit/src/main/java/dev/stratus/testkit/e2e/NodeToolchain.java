package dev.stratus.testkit.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code node} and {@code npm} found on {@code PATH}, and the {@code npm ci} that installs
 * {@code e2e/node_modules} when it is missing or stale. A machine without them fails here, loudly:
 * end-to-end tests are never skipped for want of a tool.
 */
record NodeToolchain(Path node, Path npm) {
  // The first npm ci compiles better-sqlite3 from source (no prebuilt binary can be downloaded
  // here): minutes on a small machine.
  private static final long NPM_CI_TIMEOUT_MINUTES = 20;
  // npm puts the cause first and a usage text or build log after it: both ends are kept.
  private static final int LOG_HEAD_LINES = 20;
  private static final int LOG_TAIL_LINES = 40;

  static NodeToolchain fromPath() {
    return new NodeToolchain(require("node"), require("npm"));
  }

  /** Runs {@code npm ci} in {@code e2eDir} unless its {@code node_modules} matches the lockfile. */
  void ensureDependencies(Path e2eDir) throws IOException, InterruptedException {
    if (installed(e2eDir)) {
      return;
    }
    Path log = Files.createTempFile("stratus-npm-ci-", ".log");
    try {
      Process npmCi =
          new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund")
              .directory(e2eDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!npmCi.waitFor(NPM_CI_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        npmCi.descendants().forEach(ProcessHandle::destroyForcibly);
        npmCi.destroyForcibly().waitFor();
        throw new IllegalStateException(
            "npm ci in "
                + e2eDir
                + ": no result after "
                + NPM_CI_TIMEOUT_MINUTES
                + " min\n"
                + excerpt(log));
      }
      if (npmCi.exitValue() != 0) {
        throw new IllegalStateException(
            "npm ci in " + e2eDir + " exited " + npmCi.exitValue() + ":\n" + excerpt(log));
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /**
   * npm writes {@code node_modules/.package-lock.json} last, so its presence means a finished
   * install, and its being newer than {@code package-lock.json} means the lockfile has not moved
   * since (a checkout that changes the lockfile makes it newer).
   */
  private static boolean installed(Path e2eDir) throws IOException {
    Path marker = e2eDir.resolve("node_modules/.package-lock.json");
    if (!Files.isRegularFile(marker)) {
      return false;
    }
    FileTime lockfile = Files.getLastModifiedTime(e2eDir.resolve("package-lock.json"));
    return Files.getLastModifiedTime(marker).compareTo(lockfile) >= 0;
  }

  private static Path require(String tool) {
    return onPath(tool)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "'"
                        + tool
                        + "' is not on PATH ("
                        + System.getenv("PATH")
                        + "): end-to-end tests need Node.js >= 20 and npm to run a real PDS"));
  }

  private static Optional<Path> onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, tool);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String excerpt(Path log) throws IOException {
    // Lenient decoding: a compiler's output need not be valid UTF-8.
    List<String> lines =
        new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    if (lines.size() <= LOG_HEAD_LINES + LOG_TAIL_LINES) {
      return String.join("\n", lines);
    }
    return String.join("\n", lines.subList(0, LOG_HEAD_LINES))
        + "\n[…]\n"
        + String.join("\n", lines.subList(lines.size() - LOG_TAIL_LINES, lines.size()));
  }
}
