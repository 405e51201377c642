package dev.stratus.server.xrpc;

/** A refusal the client should see: an HTTP status and the XRPC {@code {"error","message"}}. */
public class XrpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String error;

  public XrpcException(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  public static XrpcException invalidRequest(String message) {
    return new XrpcException(400, "InvalidRequest", message);
  }

  public static XrpcException authMissing() {
    return new XrpcException(401, "AuthMissing", "Authentication Required");
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }
}
