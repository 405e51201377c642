package dev.stratus.client;

import org.jspecify.annotations.Nullable;

/** The service refused a call: the HTTP status and its XRPC error name and message. */
public final class VideoServiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final @Nullable String error;

  public VideoServiceException(int status, @Nullable String error, String message) {
    super(status + (error == null ? "" : " " + error) + ": " + message);
    this.status = status;
    this.error = error;
  }

  public int status() {
    return status;
  }

  /** The XRPC error name, e.g. {@code AuthMissing}; null when the body carried none. */
  public @Nullable String error() {
    return error;
  }
}
