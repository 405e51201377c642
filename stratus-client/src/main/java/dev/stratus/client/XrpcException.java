package dev.stratus.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.lexicon.LexJson;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A service (the video service or a PDS) refused a call: the HTTP status, the XRPC error name and
 * the service's message.
 */
public final class XrpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final @Nullable String error;
  private final String serviceMessage;

  /**
   * A refusal as the service answered it.
   *
   * @param status the HTTP status
   * @param error the XRPC error name, or null when the body had none
   * @param message the service's message
   */
  public XrpcException(int status, @Nullable String error, String message) {
    super(status + (error == null ? "" : " " + error) + ": " + message);
    this.status = status;
    this.error = error;
    this.serviceMessage = message;
  }

  /**
   * Reads a refusal from an XRPC answer's body, which is normally
   * {@code {"error": Name, "message": text}}; a body that is not JSON becomes the message.
   *
   * @param status the HTTP status
   * @param body the answer's body as sent
   * @return the refusal
   */
  public static XrpcException fromAnswer(int status, String body) {
    JsonNode json;
    try {
      json = LexJson.mapper().readTree(body.isEmpty() ? "{}" : body);
    } catch (IOException e) {
      json = null;
    }
    String error = json != null && json.path("error").isTextual() ? json.get("error").asText() : null;
    String message = json != null && json.path("message").isTextual() ? json.get("message").asText() : body;
    return new XrpcException(status, error, message.isEmpty() ? "HTTP " + status : message);
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

  /**
   * The service's own words, without the status and error name that {@link #getMessage()} adds.
   *
   * @return e.g. {@code Invalid identifier or password}
   */
  public String serviceMessage() {
    return serviceMessage;
  }
}
