package dev.stratus.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import dev.stratus.lexicon.UploadLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A client for the {@code app.bsky.video.*} API. Thread-safe; build one with {@link #builder()}.
 *
 * <pre>{@code
 * VideoClient client = VideoClient.builder().serviceUrl("http://localhost:2590").build();
 * JobStatus job = client.uploadVideo(token, did, Path.of("clip.mp4"), "video/mp4");
 * }</pre>
 */
public final class VideoClient {
  private final URI serviceUrl;
  private final HttpClient http;

  private VideoClient(Builder builder) {
    this.serviceUrl = URI.create(stripSlash(Objects.requireNonNull(builder.serviceUrl, "serviceUrl")));
    // HTTP/1.1: "Expect: 100-continue" is an HTTP/1.1 mechanism, and plain-http services gain
    // nothing from the JDK's h2c upgrade attempt.
    this.http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(builder.timeout).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Uploads a video file in one request ({@code uploadVideo}) with a service-auth token for the
   * uploader's DID. A video the service already processed comes back as that earlier job.
   */
  public JobStatus uploadVideo(String token, String did, Path file, String mimeType) {
    String name = file.getFileName().toString();
    URI uri = uri(Nsid.UPLOAD_VIDEO, "did=" + encode(did) + "&name=" + encode(name));
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(uri)
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", mimeType)
              // The service refuses bad tokens, types and sizes before reading the body; waiting
              // for its "100 Continue" means a refused upload costs no bytes and its answer is
              // not lost to a connection reset mid-body.
              .expectContinue(true)
              .POST(HttpRequest.BodyPublishers.ofFile(file))
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    JsonNode body = send(request, true);
    // The real service answers flat; lexicon SDKs expect {"jobStatus": …}: accept both.
    JsonNode status = body.has("jobStatus") ? body.get("jobStatus") : body;
    return LexJson.mapper().convertValue(status, JobStatus.class);
  }

  /** {@code getJobStatus}; needs no token. */
  public JobStatus getJobStatus(String jobId) {
    HttpRequest request = HttpRequest.newBuilder(uri(Nsid.GET_JOB_STATUS, "jobId=" + encode(jobId))).GET().build();
    return LexJson.mapper().convertValue(send(request, false), JobStatus.Output.class).jobStatus();
  }

  /** {@code getUploadLimits} with a token bound to that method. */
  public UploadLimits getUploadLimits(String token) {
    HttpRequest request =
        HttpRequest.newBuilder(uri(Nsid.GET_UPLOAD_LIMITS, null))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    return LexJson.mapper().convertValue(send(request, false), UploadLimits.class);
  }

  private JsonNode send(HttpRequest request, boolean conflictCarriesJob) {
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

  private static JsonNode parse(String text) {
    try {
      return LexJson.mapper().readTree(text.isEmpty() ? "{}" : text);
    } catch (IOException e) {
      return LexJson.mapper().createObjectNode().put("message", text);
    }
  }

  private URI uri(String nsid, @Nullable String query) {
    return URI.create(serviceUrl + Nsid.path(nsid) + (query == null ? "" : "?" + query));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Builds a {@link VideoClient}. */
  public static final class Builder {
    private String serviceUrl = "https://video.bsky.app";
    private Duration timeout = Duration.ofSeconds(30);

    private Builder() {}

    /** The video service's base URL; defaults to Bluesky's {@code https://video.bsky.app}. */
    public Builder serviceUrl(String url) {
      this.serviceUrl = url;
      return this;
    }

    /** How long to wait for a connection. */
    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    public VideoClient build() {
      return new VideoClient(this);
    }
  }
}
