package dev.stratus.core.job;

/**
 * An upload refused before it became a job. {@code error} is the XRPC error name; {@code status}
 * the HTTP status the edge answers with.
 */
public final class UploadRejected extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String error;

  public UploadRejected(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }
}
