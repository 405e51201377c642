package dev.stratus.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import dev.stratus.lexicon.UploadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A client for the {@code app.bsky.video.*} API. Thread-safe; build one with {@link #builder()}.
 *
 * <pre>{@code
 * VideoClient client = VideoClient.builder()
 *     .serviceUrl("http://localhost:2590")
 *     .tokens(session.videoServiceTokens("did:web:localhost%3A2590"))
 *     .build();
 * JobStatus job = client.upload(Path.of("clip.mp4"), "video/mp4");
 * JobStatus done = client.awaitCompletion(job.jobId(), status -> {}, Duration.ofMinutes(10));
 * }</pre>
 */
public final class VideoClient {
  private final XrpcTransport transport;
  private final MultipartUploader multipart;
  private final Duration pollInterval;
  private final @Nullable TokenProvider tokens;

  private VideoClient(Builder builder) {
    URI serviceUrl = URI.create(stripSlash(Objects.requireNonNull(builder.serviceUrl, "serviceUrl")));
    // HTTP/1.1: "Expect: 100-continue" is an HTTP/1.1 mechanism, and plain-http services gain
    // nothing from the JDK's h2c upgrade attempt.
    HttpClient http =
        builder.httpClient != null
            ? builder.httpClient
            : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(builder.timeout).build();
    this.transport = new XrpcTransport(serviceUrl, http, builder.requestTimeout);
    this.multipart = new MultipartUploader(transport, builder.retryBase);
    this.pollInterval = builder.pollInterval;
    this.tokens = builder.tokens;
  }

  /**
   * Starts a client's settings.
   *
   * @return a builder with Bluesky's service URL and the defaults each setting names
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Uploads a video file the way the Bluesky app does: through the multipart API
   * ({@link #uploadInParts}), or in one request ({@link #uploadVideo}, for the token's issuer) when
   * the service has no multipart API.
   *
   * @param file the video
   * @param mimeType its type, e.g. {@code video/mp4}
   * @return the job to follow with {@link #awaitCompletion}, or an earlier one with the same video
   * @throws XrpcException when the service refuses the upload
   */
  public JobStatus upload(Path file, String mimeType) {
    return upload(file, mimeType, UploadListener.NONE);
  }

  /**
   * As {@link #upload(Path, String)}, telling {@code listener} how many bytes have been sent.
   *
   * @param file the video
   * @param mimeType its type, e.g. {@code video/mp4}
   * @param listener told the bytes sent as they go
   * @return the job to follow with {@link #awaitCompletion}, or an earlier one with the same video
   * @throws XrpcException when the service refuses the upload
   */
  public JobStatus upload(Path file, String mimeType, UploadListener listener) {
    return upload(file, file.getFileName().toString(), mimeType, listener);
  }

  /**
   * Uploads a video read from a stream of known size. The stream is first copied to a temporary
   * file (deleted afterwards), so that a part the service lost can be sent again.
   *
   * @param video the video's bytes; read to its end, not closed
   * @param size how many bytes it holds
   * @param name the file name to tell the service, e.g. {@code clip.mp4}
   * @param mimeType its type, e.g. {@code video/mp4}
   * @param listener told the bytes sent as they go
   * @return the job to follow with {@link #awaitCompletion}, or an earlier one with the same video
   * @throws IllegalArgumentException when the stream holds more or fewer than {@code size} bytes
   * @throws XrpcException when the service refuses the upload
   */
  public JobStatus upload(InputStream video, long size, String name, String mimeType, UploadListener listener) {
    Path copy = null;
    try {
      copy = Files.createTempFile("stratus-upload-", ".part");
      long copied;
      try (OutputStream out = Files.newOutputStream(copy)) {
        copied = video.transferTo(out);
      }
      if (copied != size) {
        throw new IllegalArgumentException("the stream held " + copied + " bytes, not the " + size + " announced");
      }
      return upload(copy, name, mimeType, listener);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep a copy of the video to upload", e);
    } finally {
      if (copy != null) {
        deleteQuietly(copy);
      }
    }
  }

  private JobStatus upload(Path file, String name, String mimeType, UploadListener listener) {
    try {
      return uploadInParts(file, name, mimeType, listener);
    } catch (MultipartUploader.Unsupported e) {
      return uploadVideo(TokenClaims.issuer(uploadToken()), file, name, mimeType, listener);
    }
  }

  /**
   * Uploads a video file through the multipart API, as the Bluesky app does: parts four at a time,
   * each tried up to five times, missing parts sent again when the finish reports them, and the
   * upload aborted when it cannot succeed.
   *
   * @param file the video
   * @param mimeType its type, e.g. {@code video/mp4}
   * @return the job to follow (an earlier one when the service already had this video)
   * @throws XrpcException when the service refuses the upload
   */
  public JobStatus uploadInParts(Path file, String mimeType) {
    return uploadInParts(file, file.getFileName().toString(), mimeType, UploadListener.NONE);
  }

  private JobStatus uploadInParts(Path file, String name, String mimeType, UploadListener listener) {
    long size = size(file);
    return multipart.upload(this::uploadToken, file, name, mimeType, size, new SentBytes(size, listener));
  }

  /**
   * Uploads a video file in one request ({@code uploadVideo}). A video the service already
   * processed comes back as that earlier job.
   *
   * @param did the uploader's DID, the tokens' issuer
   * @param file the video
   * @param mimeType its type, e.g. {@code video/mp4}
   * @return the new job (to follow with {@link #awaitCompletion}), or the earlier one
   * @throws XrpcException when the service refuses the upload
   */
  public JobStatus uploadVideo(String did, Path file, String mimeType) {
    return uploadVideo(did, file, file.getFileName().toString(), mimeType, UploadListener.NONE);
  }

  private JobStatus uploadVideo(String did, Path file, String name, String mimeType, UploadListener listener) {
    long size = size(file);
    SentBytes.Attempt counted = new SentBytes(size, listener).attempt();
    String query = "did=" + XrpcTransport.encode(did) + "&name=" + XrpcTransport.encode(name);
    HttpRequest request =
        transport
            .request(Nsid.UPLOAD_VIDEO, query, uploadToken())
            .header("Content-Type", mimeType)
            // The service refuses bad tokens, types and sizes before reading the body; waiting
            // for its "100 Continue" means a refused upload costs no bytes and its answer is
            // not lost to a connection reset mid-body.
            .expectContinue(true)
            // An empty file is sent as it is (the service says what it thinks of it); the JDK
            // takes a counted publisher only for a positive length.
            .POST(size == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> counted.counting(open(file))), size))
            .build();
    JsonNode body = transport.send(request, true);
    // The real service answers flat; lexicon SDKs expect {"jobStatus": …}: accept both.
    JsonNode status = body.has("jobStatus") ? body.get("jobStatus") : body;
    JobStatus job = LexJson.mapper().convertValue(status, JobStatus.class);
    // A 409 names the earlier job but carries no blob: its own status does.
    return "already_exists".equals(job.error()) ? getJobStatus(job.jobId()) : job;
  }

  /**
   * Follows a job until it completes or fails, asking {@code getJobStatus} every poll interval
   * (1.5 s unless the builder says otherwise) and telling {@code listener} each status that differs
   * from the one before (state or progress). A service that cannot be reached for a moment, or
   * answers 408, 429 or 5xx, is asked again at the next poll.
   *
   * @param jobId the job, from an upload
   * @param listener told each new status, on the calling thread
   * @param timeout how long to follow the job at most
   * @return the final status: {@code JOB_STATE_COMPLETED} (with its blob) or {@code JOB_STATE_FAILED}
   * @throws TimeoutException when the job is still running after {@code timeout}
   * @throws InterruptedException when the calling thread is interrupted while it waits
   * @throws XrpcException when the service refuses the question (an unknown job: 404)
   */
  public JobStatus awaitCompletion(String jobId, Consumer<JobStatus> listener, Duration timeout)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JobStatus last = null;
    RuntimeException lastFailure = null;
    while (true) {
      try {
        JobStatus status = getJobStatus(jobId);
        lastFailure = null;
        if (last == null || !status.state().equals(last.state()) || !Objects.equals(status.progress(), last.progress())) {
          listener.accept(status);
        }
        last = status;
        if (status.state().isTerminal()) {
          return status;
        }
      } catch (XrpcException e) {
        if (!MultipartUploader.retryable(e)) {
          throw e;
        }
        lastFailure = e;
      } catch (UncheckedIOException e) {
        lastFailure = e;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        TimeoutException timedOut = new TimeoutException("job " + jobId + " did not finish within " + timeout
            + (last == null ? "" : "; last seen " + last.state() + " at " + last.progress() + "%"));
        if (lastFailure != null) {
          timedOut.initCause(lastFailure);
        }
        throw timedOut;
      }
      Thread.sleep(Math.min(pollInterval.toMillis(), TimeUnit.NANOSECONDS.toMillis(left) + 1));
    }
  }

  /**
   * Asks for a job's status ({@code getJobStatus}; needs no token).
   *
   * @param jobId the job, from an upload
   * @return its state, progress, and, once completed, its blob
   * @throws XrpcException 404 {@code NotFound} for an unknown job
   */
  public JobStatus getJobStatus(String jobId) {
    HttpRequest request =
        transport.request(Nsid.GET_JOB_STATUS, "jobId=" + XrpcTransport.encode(jobId), null).GET().build();
    return LexJson.mapper().convertValue(transport.send(request, false), JobStatus.Output.class).jobStatus();
  }

  /**
   * Asks how much the account may still upload today ({@code getUploadLimits}).
   *
   * @return whether it may upload, and how many videos and bytes remain
   * @throws XrpcException when the service refuses the question (a bad token: 401)
   */
  public UploadLimits getUploadLimits() {
    HttpRequest request = transport.request(Nsid.GET_UPLOAD_LIMITS, null, token(Nsid.GET_UPLOAD_LIMITS)).GET().build();
    return LexJson.mapper().convertValue(transport.send(request, false), UploadLimits.class);
  }

  private String uploadToken() {
    return token(Nsid.REPO_UPLOAD_BLOB);
  }

  private String token(String lxm) {
    if (tokens == null) {
      throw new IllegalStateException("this client has no token provider: set one with VideoClient.Builder.tokens");
    }
    return tokens.token(lxm);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A temporary file left behind is the system's to clean; the upload's outcome stands.
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Builds a {@link VideoClient}. */
  public static final class Builder {
    private String serviceUrl = "https://video.bsky.app";
    private Duration timeout = Duration.ofSeconds(30);
    private Duration requestTimeout = Duration.ofMinutes(10);
    private Duration retryBase = Duration.ofMillis(500);
    private Duration pollInterval = Duration.ofMillis(1500);
    private @Nullable HttpClient httpClient;
    private @Nullable TokenProvider tokens;

    private Builder() {}

    /**
     * Where the service-auth tokens come from: asked once per request, so they can be renewed
     * during a long upload. Needed by every method but {@link VideoClient#getJobStatus} and
     * {@link VideoClient#awaitCompletion}.
     *
     * @param provider e.g. {@link PdsSession#videoServiceTokens(String)}, or
     *     {@link TokenProvider#fixed(String)} for a token at hand
     * @return this builder
     */
    public Builder tokens(TokenProvider provider) {
      this.tokens = provider;
      return this;
    }

    /**
     * The HTTP client to send requests with (its proxy, TLS and executor settings); by default one
     * of its own, on HTTP/1.1, with the {@link #timeout} to connect.
     *
     * @param client the client to use
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.httpClient = client;
      return this;
    }

    /**
     * How often {@link VideoClient#awaitCompletion} asks for the job's status (default 1.5 s).
     *
     * @param value the interval
     * @return this builder
     */
    public Builder pollInterval(Duration value) {
      this.pollInterval = value;
      return this;
    }

    /**
     * The video service's base URL; defaults to Bluesky's {@code https://video.bsky.app}.
     *
     * @param url e.g. {@code https://video.example.com}
     * @return this builder
     */
    public Builder serviceUrl(String url) {
      this.serviceUrl = url;
      return this;
    }

    /**
     * How long to wait for a connection (default 30 s).
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    /**
     * How long one request may take, body included (default 10 minutes).
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    /**
     * The first wait before a retry, doubled after each further failure (default 500 ms).
     *
     * @param value the first wait
     * @return this builder
     */
    public Builder retryBase(Duration value) {
      this.retryBase = value;
      return this;
    }

    /**
     * Makes the client.
     *
     * @return a client with these settings
     */
    public VideoClient build() {
      return new VideoClient(this);
    }
  }
}
