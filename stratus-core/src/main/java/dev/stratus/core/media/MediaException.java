package dev.stratus.core.media;

import dev.stratus.lexicon.FailureCode;

/**
 * A probe or encode that cannot succeed. {@code error} is the short machine-readable reason a
 * client may switch on (e.g. {@code unsupported_codec}); the message is for people.
 */
public final class MediaException extends Exception {
  private static final long serialVersionUID = 1L;
  private final FailureCode failureCode;
  private final String error;

  public MediaException(FailureCode failureCode, String error, String message) {
    super(message);
    this.failureCode = failureCode;
    this.error = error;
  }

  public FailureCode failureCode() {
    return failureCode;
  }

  public String error() {
    return error;
  }
}
