package dev.stratus.server.xrpc;

import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EofException;
import org.jspecify.annotations.Nullable;

/**
 * Tells a request that failed because of its client (the connection closed mid-body, the body
 * stalled or trickled) from a fault of ours. The first kind is an ordinary event: it is answered
 * as an XRPC error, in case the client still listens, and logged in one line, never as a 500.
 */
final class ClientFaults {
  /** Deep enough for any wrapping our code and the container add; bounded against cycles. */
  private static final int MAX_DEPTH = 12;

  private ClientFaults() {}

  /** The answer for a failure the client caused, or null when the fault is ours. */
  static @Nullable XrpcException answerFor(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      if (t instanceof MinimumRateStream.TooSlow slow) {
        return new XrpcException(408, "RequestTimeout", slow.getMessage());
      }
      if (t instanceof TimeoutException) {
        return new XrpcException(408, "RequestTimeout", "the request body stopped arriving; the connection timed out");
      }
      // The peer closed (or reset) the connection before the body ended.
      if (t instanceof EofException) {
        return XrpcException.invalidRequest("the connection closed before the request body was complete");
      }
    }
    return null;
  }
}
