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
 * Sends XRPC calls to one service and reads their JSON answers; a refusal becomes a
 * {@link VideoServiceException} with the status and the XRPC error, a failure to reach the service
 * an {@link UncheckedIOException}.
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

  /** A procedure call with a JSON input. */
  JsonNode postJson(String nsid, String token, Object input) {
    return send(
        request(nsid, null, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(LexJson.write(input)))
            .build(),
        false);
  }

  /** Sends {@code request}; a 409 that carries a job (a duplicate upload) is an answer, not an error, when asked. */
  JsonNode send(HttpRequest request, boolean conflictCarriesJob) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + serviceUrl + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + request.uri(), e);
    }
    JsonNode body = parse(response.body());
    int status = response.statusCode();
    boolean duplicate = conflictCarriesJob && status == 409 && body.hasNonNull("jobId");
    if (status / 100 != 2 && !duplicate) {
      String error = body.hasNonNull("error") ? body.get("error").asText() : null;
      String message = body.hasNonNull("message") ? body.get("message").asText() : response.body();
      throw new VideoServiceException(status, error, message);
    }
    return body;
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
