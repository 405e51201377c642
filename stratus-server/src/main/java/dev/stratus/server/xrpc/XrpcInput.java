package dev.stratus.server.xrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.stratus.lexicon.LexJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Reads a procedure's JSON input and its query parameters, refusing malformed ones with a 400. */
public final class XrpcInput {
  /** Far more than any lexicon input here needs; a larger body is refused unread. */
  static final int MAX_JSON_BYTES = 64 * 1024;

  private XrpcInput() {}

  /** The request body as {@code type}; it must be {@code application/json}. */
  public static <T> T json(Context ctx, Class<T> type) throws IOException {
    String contentType = ctx.contentType();
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw XrpcException.invalidRequest("expected an application/json body");
    }
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes(MAX_JSON_BYTES + 1);
    }
    if (body.length > MAX_JSON_BYTES) {
      throw new XrpcException(413, "PayloadTooLarge", "the JSON input is over " + MAX_JSON_BYTES + " bytes");
    }
    try {
      T value = LexJson.mapper().readValue(body, type);
      if (value == null) {
        throw XrpcException.invalidRequest("the body must be a JSON object");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw XrpcException.invalidRequest("malformed JSON input: " + e.getOriginalMessage());
    }
  }

  /** A required query parameter. */
  public static String param(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      throw XrpcException.invalidRequest("missing query parameter " + name);
    }
    return value;
  }

  /** A required field of a JSON input. */
  public static <T> T required(@Nullable T value, String name) {
    if (value == null) {
      throw XrpcException.invalidRequest("missing required field " + name);
    }
    return value;
  }

  /** A required integer query parameter of at least {@code min}. */
  public static int intParam(Context ctx, String name, int min) {
    String value = param(ctx, name);
    try {
      int n = Integer.parseInt(value);
      if (n < min) {
        throw XrpcException.invalidRequest(name + " must be at least " + min);
      }
      return n;
    } catch (NumberFormatException e) {
      throw XrpcException.invalidRequest(name + " must be an integer");
    }
  }
}
