package dev.stratus.server.pds;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.core.job.PdsHandoff;
import dev.stratus.core.pds.PdsUploadException;
import dev.stratus.core.pds.PdsUploader;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * {@code POST {pds}/xrpc/com.atproto.repo.uploadBlob} with the uploader's token, unchanged, as the
 * bearer; the MP4 is streamed from disk with its exact {@code Content-Length}. The token is never
 * logged and never part of an error message.
 */
public final class HttpPdsUploader implements PdsUploader {
  private final HttpClient http;
  private final Duration timeout;

  public HttpPdsUploader(Duration timeout) {
    this.http =
        HttpClient.newBuilder()
            // Over plain http the JDK would offer an h2c upgrade, which PDSes (Node's http server)
            // answer by closing the connection once a request has a body.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.timeout = timeout;
  }

  @Override
  public BlobRef uploadBlob(PdsHandoff handoff, Path file, String mimeType, LongConsumer bytesSent)
      throws PdsUploadException, InterruptedException {
    URI endpoint = endpoint(handoff.pdsUrl());
    HttpResponse<String> response;
    try {
      long size = Files.size(file);
      HttpRequest request =
          HttpRequest.newBuilder(endpoint)
              .timeout(timeout)
              .header("Authorization", "Bearer " + handoff.token())
              .header("Content-Type", mimeType)
              .POST(HttpRequest.BodyPublishers.fromPublisher(
                  HttpRequest.BodyPublishers.ofInputStream(() -> counting(file, bytesSent)), size))
              .build();
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PdsUploadException(
          FailureCode.PDS_UPLOAD_FAILURE, true, "Could not reach your PDS at " + handoff.pdsUrl() + ": " + NetworkFailure.describe(e));
    }
    return answer(response, handoff.pdsUrl());
  }

  private static final Pattern STATED_SIZE = Pattern.compile(
      "(\\d[\\d,]*(?:\\.\\d+)?)\\s*(bytes|b|kib|kb|mib|mb|gb)?\\b", Pattern.CASE_INSENSITIVE);

  private static BlobRef answer(HttpResponse<String> response, String pdsUrl) throws PdsUploadException {
    int status = response.statusCode();
    if (status == 200) {
      try {
        JsonNode blob = LexJson.mapper().readTree(response.body()).get("blob");
        if (blob == null) {
          throw new IOException("no blob in the answer");
        }
        return LexJson.mapper().treeToValue(blob, BlobRef.class);
      } catch (IOException | IllegalArgumentException e) {
        throw new PdsUploadException(
            FailureCode.PDS_UPLOAD_FAILURE, false, "Your PDS answered uploadBlob with an answer that is not a blob");
      }
    }
    String detail = pdsError(response.body());
    if (status == 413) {
      throw new PdsUploadException(FailureCode.PDS_UPLOAD_UNSUPPORTED_BLOB_SIZE, false,
          "Your PDS (" + pdsUrl + ") does not accept videos this large: " + detail, statedLimit(detail));
    }
    boolean retryable = status >= 500 || status == 429 || status == 408;
    throw new PdsUploadException(FailureCode.PDS_UPLOAD_FAILURE, retryable,
        "Your PDS (" + pdsUrl + ") refused the upload with HTTP " + status + ": " + detail);
  }

  /**
   * A size limit named in a refusal ("max size 5242880 bytes", "limit is 50MB"), when there is one;
   * the reference PDS says only "request entity too large".
   */
  static OptionalLong statedLimit(String detail) {
    Matcher size = STATED_SIZE.matcher(detail);
    while (size.find()) {
      double number = Double.parseDouble(size.group(1).replace(",", ""));
      String unit = size.group(2) == null ? "" : size.group(2).toLowerCase(Locale.ROOT);
      long multiplier = switch (unit) {
        case "kb" -> 1_000;
        case "kib" -> 1_024;
        case "mb" -> 1_000_000;
        case "mib" -> 1_048_576;
        case "gb" -> 1_000_000_000;
        case "b", "bytes" -> 1;
        default -> number >= 1_000 ? 1 : 0; // a bare number: bytes when it is large enough to be
      };
      if (multiplier > 0) {
        return OptionalLong.of((long) (number * multiplier));
      }
    }
    return OptionalLong.empty();
  }

  /** The PDS's own {@code error: message}, or a short cut of whatever it said. */
  private static String pdsError(String body) {
    try {
      JsonNode json = LexJson.mapper().readTree(body);
      String error = json.path("error").asText("");
      String message = json.path("message").asText("");
      if (!error.isEmpty() || !message.isEmpty()) {
        return error + (message.isEmpty() ? "" : ": " + message);
      }
    } catch (IOException e) {
      // Not JSON: fall through to the raw text.
    }
    String text = body.strip();
    return text.isEmpty() ? "(no body)" : text.substring(0, Math.min(200, text.length()));
  }

  private static URI endpoint(String pdsUrl) throws PdsUploadException {
    String base = pdsUrl.endsWith("/") ? pdsUrl.substring(0, pdsUrl.length() - 1) : pdsUrl;
    try {
      URI uri = URI.create(base + Nsid.path(Nsid.REPO_UPLOAD_BLOB));
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not http(s)");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new PdsUploadException(FailureCode.PDS_UPLOAD_FAILURE, false, "Your PDS address is not a URL: " + pdsUrl);
    }
  }

  private static InputStream counting(Path file, LongConsumer bytesSent) {
    try {
      return new FilterInputStream(Files.newInputStream(file)) {
        private long sent;

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = super.read(buffer, offset, length);
          if (n > 0) {
            sent += n;
            bytesSent.accept(sent);
          }
          return n;
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
