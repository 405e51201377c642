package dev.stratus.cli;

import dev.stratus.client.XrpcException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;

/**
 * Turns whatever ended a client command into one line on stderr and an {@link ExitCode}: the
 * service's own words for a refusal, never a stack trace (unless {@code STRATUS_DEBUG=1}).
 */
final class FailureReport implements CommandLine.IExecutionExceptionHandler {
  private static final Set<String> AUTH_ERRORS =
      Set.of("AuthenticationRequired", "AuthMissing", "InvalidToken", "ExpiredToken", "AccountTakedown",
          "AccountDeactivated", "BadJwt", "BadJwtIss", "BadJwtAudience", "BadJwtSignature", "JwtExpired");
  private static final Set<String> LIMIT_ERRORS =
      Set.of("DailyLimitExceeded", "UploadForbidden", "UploadsDisabled", "TooManyOpenUploads", "RateLimitExceeded");

  @Override
  public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    Classified failure = classify(e);
    command.getErr().println("stratus " + command.getCommandName() + ": " + failure.message());
    if ("1".equals(System.getenv("STRATUS_DEBUG")) || failure.exit() == ExitCode.UNEXPECTED) {
      e.printStackTrace(command.getErr());
    }
    command.getErr().flush();
    return failure.exit().code;
  }

  record Classified(ExitCode exit, String message) {}

  static Classified classify(Throwable e) {
    if (e instanceof CliFailure failure) {
      return new Classified(failure.exit, failure.getMessage());
    }
    if (e instanceof XrpcException refusal) {
      return new Classified(exitFor(refusal), refusal.getMessage());
    }
    if (e instanceof UncheckedIOException unreachable) {
      return new Classified(ExitCode.UNREACHABLE, unreachable.getMessage());
    }
    if (e instanceof TimeoutException timeout) {
      return new Classified(ExitCode.TIMEOUT, timeout.getMessage());
    }
    if (e instanceof IllegalArgumentException bad) {
      return new Classified(ExitCode.USAGE, bad.getMessage());
    }
    return new Classified(ExitCode.UNEXPECTED, e.toString());
  }

  private static ExitCode exitFor(XrpcException refusal) {
    String error = refusal.error() == null ? "" : refusal.error();
    if (refusal.status() == 401 || AUTH_ERRORS.contains(error)) {
      return ExitCode.AUTH;
    }
    if (LIMIT_ERRORS.contains(error)) {
      return ExitCode.LIMITS;
    }
    if (refusal.status() >= 500 || refusal.status() == 408) {
      return ExitCode.UNREACHABLE;
    }
    return ExitCode.REJECTED;
  }
}
