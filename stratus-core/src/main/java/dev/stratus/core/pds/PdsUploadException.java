package dev.stratus.core.pds;

import dev.stratus.lexicon.FailureCode;

/**
 * The PDS did not take the blob. {@code retryable} marks failures that may pass on a later try
 * (network errors, 5xx, 429); the message names the PDS's own error where it gave one.
 */
public final class PdsUploadException extends Exception {
  private static final long serialVersionUID = 1L;
  private final FailureCode failureCode;
  private final boolean retryable;

  public PdsUploadException(FailureCode failureCode, boolean retryable, String message) {
    super(message);
    this.failureCode = failureCode;
    this.retryable = retryable;
  }

  public FailureCode failureCode() {
    return failureCode;
  }

  public boolean retryable() {
    return retryable;
  }
}
