package dev.stratus.cli;

/** A failure the command explains in one line and ends with {@code exit}. */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final ExitCode exit;

  CliFailure(ExitCode exit, String message) {
    super(message);
    this.exit = exit;
  }

  CliFailure(ExitCode exit, String message, Throwable cause) {
    super(message, cause);
    this.exit = exit;
  }
}
