package dev.stratus.client;

import org.jspecify.annotations.Nullable;

/** The service refused a call: the HTTP status and its XRPC error name and message. */
public final class VideoServiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final @Nullable String error;

  /**
   * A refusal as the service answered it.
   *
   * @param status the HTTP status
   * @param error the XRPC error name, or null when the body had none
   * @param message the service's message
   */
  public VideoServiceException(int status, @Nullable String error, String message) {
    super(status + (error == null ? "" : " " + error) + ": " + message);
    this.status = status;
    this.error = error;
  }

  /**
   * The HTTP status of the answer.
   *
   * @return e.g. 401, 413, 429
   */
  public int status() {
    return status;
  }

  /**
   * The XRPC error name.
   *
   * @return e.g. {@code AuthMissing}; null when the body carried none
   */
  public @Nullable String error() {
    return error;
  }
}
