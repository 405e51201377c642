package dev.stratus.testkit.e2e;

/**
 * A PDS answered an XRPC call with a non-2xx status. {@link #body()} is the response as sent,
 * normally {@code {"error": Name, "message": text}}.
 */
public final class XrpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String nsid;
  private final int status;
  private final String body;

  public XrpcException(String nsid, int status, String body) {
    super(nsid + ": HTTP " + status + ": " + body);
    this.nsid = nsid;
    this.status = status;
    this.body = body;
  }

  /** The method called, e.g. {@code com.atproto.repo.uploadBlob}. */
  public String nsid() {
    return nsid;
  }

  public int status() {
    return status;
  }

  public String body() {
    return body;
  }
}
