package dev.stratus.core.pds;

import java.util.OptionalLong;
import dev.stratus.lexicon.FailureCode;

/**
 * The PDS did not take the blob. {@code retryable} marks failures that may pass on a later try
 * (network errors, 5xx, 429); the message names the PDS's own error where it gave one.
 */
public final class PdsUploadException extends Exception {
  private static final long serialVersionUID = 1L;
  private final FailureCode failureCode;
  private final boolean retryable;
  private final OptionalLong statedLimit;

  public PdsUploadException(FailureCode failureCode, boolean retryable, String message) {
    this(failureCode, retryable, message, OptionalLong.empty());
  }

  /** @param statedLimit the blob size limit the PDS named in its refusal, when it named one */
  public PdsUploadException(FailureCode failureCode, boolean retryable, String message, OptionalLong statedLimit) {
    super(message);
    this.failureCode = failureCode;
    this.retryable = retryable;
    this.statedLimit = statedLimit;
  }

  /** Whether the PDS refused the blob for its size (HTTP 413). */
  public boolean tooLarge() {
    return FailureCode.PDS_UPLOAD_UNSUPPORTED_BLOB_SIZE.equals(failureCode);
  }

  /** The blob size limit the PDS named, if it did. */
  public OptionalLong statedLimit() {
    return statedLimit;
  }

  public FailureCode failureCode() {
    return failureCode;
  }

  public boolean retryable() {
    return retryable;
  }
}
