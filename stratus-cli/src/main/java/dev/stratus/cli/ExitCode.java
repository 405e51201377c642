package dev.stratus.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the client commands' exit statuses mean, so that scripts can tell failures apart. Picocli's
 * own 2 stays the status of a usage error.
 */
enum ExitCode {
  OK(0, "success"),
  UNEXPECTED(1, "an unexpected error (a bug: please report it)"),
  USAGE(2, "wrong options or arguments"),
  AUTH(3, "login failed, or a token was refused"),
  LIMITS(4, "not allowed to upload now: daily limits reached, uploads disabled, or too many at once"),
  REJECTED(5, "the video was refused or its processing failed; the message says why"),
  UNREACHABLE(6, "the video service or the PDS could not be reached, or failed"),
  TIMEOUT(7, "the job did not finish in the time allowed (it may still finish: see stratus status)");

  final int code;
  final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** The list for {@code --help}: code, then meaning, in order. */
  static Map<String, String> helpMap() {
    Map<String, String> lines = new LinkedHashMap<>();
    for (ExitCode exit : values()) {
      lines.put(Integer.toString(exit.code), exit.meaning);
    }
    return lines;
  }
}
