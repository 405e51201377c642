package dev.stratus.core.media;

import dev.stratus.lexicon.FailureCode;

/**
 * A probe or encode that cannot succeed. {@code error} is the short machine-readable reason a
 * client may switch on (e.g. {@code unsupported_codec}); the message is for people. A
 * {@linkplain #retryable() retryable} one says nothing about the video (a deadline hit on a busy
 * machine): the job is tried again later instead of failing.
 */
public final class MediaException extends Exception {
  private static final long serialVersionUID = 1L;
  private final FailureCode failureCode;
  private final String error;
  private final boolean retryable;

  public MediaException(FailureCode failureCode, String error, String message) {
    this(failureCode, error, message, false);
  }

  private MediaException(FailureCode failureCode, String error, String message, boolean retryable) {
    super(message);
    this.failureCode = failureCode;
    this.error = error;
    this.retryable = retryable;
  }

  /**
   * A failure of the moment, not of the video: the job is retried (each try counts as an
   * attempt); should the tries run out, it fails with {@code failureCode}.
   */
  public static MediaException retryable(FailureCode failureCode, String error, String message) {
    return new MediaException(failureCode, error, message, true);
  }

  public boolean retryable() {
    return retryable;
  }

  public FailureCode failureCode() {
    return failureCode;
  }

  public String error() {
    return error;
  }
}
