package dev.stratus.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Sends XRPC calls to one service (a video service or a PDS) and reads their JSON answers; a
 * refusal becomes an {@link XrpcException} with the status and the XRPC error, a failure to reach
 * the service an {@link UncheckedIOException}.
 */
final class XrpcTransport {
  private final URI serviceUrl;
  private final HttpClient http;
  private final Duration requestTimeout;

  XrpcTransport(URI serviceUrl, HttpClient http, Duration requestTimeout) {
    this.serviceUrl = serviceUrl;
    this.http = http;
    this.requestTimeout = requestTimeout;
  }

  URI serviceUrl() {
    return serviceUrl;
  }

  /** A request builder for {@code nsid} with the query (already encoded, or null) and the token. */
  HttpRequest.Builder request(String nsid, @Nullable String query, @Nullable String token) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(serviceUrl + Nsid.path(nsid) + (query == null ? "" : "?" + query)))
            .timeout(requestTimeout);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  /** A query call: {@code GET} with the query (already encoded, or null) and the token (or null). */
  JsonNode get(String nsid, @Nullable String query, @Nullable String token) {
    return send(request(nsid, query, token).GET().build(), false);
  }

  /** A plain {@code GET} of the base URL itself, answered with JSON (a DID document). */
  JsonNode getDocument() {
    return send(HttpRequest.newBuilder(serviceUrl).timeout(requestTimeout).GET().build(), false);
  }

  /** A query call whose answer is bytes, not JSON (a blob). */
  byte[] getBytes(String nsid, String query) {
    HttpResponse<byte[]> response = exchange(request(nsid, query, null).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      throw XrpcException.fromAnswer(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }

  /** A procedure call with a JSON input (or none, when {@code input} is null). */
  JsonNode postJson(String nsid, @Nullable String token, @Nullable Object input) {
    if (input == null) {
      return send(request(nsid, null, token).POST(HttpRequest.BodyPublishers.noBody()).build(), false);
    }
    return send(
        request(nsid, null, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(LexJson.write(input)))
            .build(),
        false);
  }

  /** Sends {@code request}; a 409 that carries a job (a duplicate upload) is an answer, not an error, when asked. */
  JsonNode send(HttpRequest request, boolean conflictCarriesJob) {
    HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    int status = response.statusCode();
    JsonNode body = status / 100 == 2 || (conflictCarriesJob && status == 409) ? parse(response.body()) : null;
    if (body == null || (status == 409 && !body.hasNonNull("jobId"))) {
      throw XrpcException.fromAnswer(status, response.body());
    }
    return body;
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + serviceUrl + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + request.uri(), e);
    }
  }

  /** The JDK's connection failures often carry no message; their type says what happened. */
  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static JsonNode parse(String text) {
    try {
      return LexJson.mapper().readTree(text.isEmpty() ? "{}" : text);
    } catch (IOException e) {
      return LexJson.mapper().createObjectNode().put("message", text);
    }
  }
}
