package dev.stratus.server.xrpc;

import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.XrpcError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors the HTTP container raises itself, before or around any handler (a malformed request
 * line or {@code Content-Length}, an over-long URI, oversized headers, a timeout), answered in the
 * XRPC shape like every other error, whatever the client accepts. Only the status's own words and
 * the container's one-line reason are shown; exceptions and stacks never are.
 */
public final class ContainerErrors extends ErrorHandler {
  private static final String JSON = "application/json; charset=utf-8";

  @Override
  protected void generateResponse(
      Request request, Response response, int code, String message, Throwable cause, Callback callback) {
    byte[] body = body(code, cause instanceof HttpException http ? http.getReason() : null);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** The body of a response to a request so broken it never reached a handler. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, org.eclipse.jetty.http.HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, JSON);
    return ByteBuffer.wrap(body(status, reason));
  }

  private static byte[] body(int code, String reason) {
    String words = HttpStatus.getMessage(code);
    String message = reason == null || reason.isBlank() || reason.equals(words) ? words : words + ": " + reason;
    return LexJson.write(new XrpcError(errorName(code), message)).getBytes(StandardCharsets.UTF_8);
  }

  /** The XRPC error name for a status: the atproto names where they exist, else the status's words. */
  static String errorName(int code) {
    return switch (code) {
      case 400 -> "InvalidRequest";
      case 401 -> "AuthMissing";
      case 404 -> "NotFound";
      case 408 -> "RequestTimeout";
      case 413 -> "PayloadTooLarge";
      case 429 -> "RateLimitExceeded";
      case 500 -> "InternalServerError";
      case 501 -> "MethodNotImplemented";
      default -> HttpStatus.getMessage(code).replaceAll("[^A-Za-z0-9]", "");
    };
  }
}
