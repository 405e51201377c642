package dev.stratus.server.xrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.stratus.lexicon.LexJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
    String value = query(ctx, name);
    if (value == null || value.isBlank()) {
      throw XrpcException.invalidRequest("missing query parameter " + name);
    }
    return value;
  }

  /**
   * The first value of query parameter {@code name}, percent-decoded; "" for a name without a
   * value; null when it is absent. Read straight from the query string: the framework's own reader
   * splits and decodes every parameter into a map first, a tenth of a status read's cost.
   */
  public static @Nullable String query(Context ctx, String name) {
    return query(ctx.queryString(), name);
  }

  static @Nullable String query(@Nullable String query, String name) {
    if (query == null) {
      return null;
    }
    for (int start = 0; start <= query.length(); ) {
      int end = query.indexOf('&', start);
      end = end < 0 ? query.length() : end;
      // Looked for within this parameter only: a search to the end of the query for each of
      // thousands of parameters without an "=" would take time in the square of their number.
      int equals = query.indexOf('=', start, end);
      int nameEnd = equals < 0 ? end : equals;
      if (isName(query, start, nameEnd, name)) {
        return nameEnd == end ? "" : decoded(query, nameEnd + 1, end);
      }
      start = end + 1;
    }
    return null;
  }

  private static boolean isName(String query, int start, int end, String name) {
    return end - start == name.length() && query.startsWith(name, start) || decoded(query, start, end).equals(name);
  }

  private static String decoded(String query, int start, int end) {
    String raw = query.substring(start, end);
    if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
      return raw;
    }
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw XrpcException.invalidRequest("malformed query string: " + e.getMessage());
    }
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
