package dev.stratus.testkit.storage;

import com.robothy.s3.rest.LocalS3;
import com.robothy.s3.rest.bootstrap.LocalS3Mode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * An S3-compatible endpoint in the test's own process ({@code local-s3-rest}, in memory), on a
 * free loopback port, path-style, taking any credentials. {@link #newBucket()} makes an empty
 * bucket per test.
 */
public final class TestS3 implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final LocalS3 server;
  private final URI endpoint;

  private TestS3(LocalS3 server, URI endpoint) {
    this.server = server;
    this.endpoint = endpoint;
  }

  /** Starts one; a port taken between choosing and binding it is chosen again. */
  public static TestS3 start() {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      LocalS3 server = LocalS3.builder().port(port).mode(LocalS3Mode.IN_MEMORY).build();
      try {
        server.start();
        return new TestS3(server, URI.create("http://127.0.0.1:" + port));
      } catch (RuntimeException e) {
        server.shutdown();
        last = e;
      }
    }
    throw new IllegalStateException("the in-process S3 endpoint did not start", last);
  }

  /** The endpoint's URL. */
  public URI endpoint() {
    return endpoint;
  }

  /** Creates a bucket with a fresh name and returns the name. */
  public String newBucket() {
    byte[] suffix = new byte[6];
    RANDOM.nextBytes(suffix);
    String bucket = "test-" + HexFormat.of().formatHex(suffix);
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> created = http.send(
          HttpRequest.newBuilder(endpoint.resolve("/" + bucket)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      if (created.statusCode() / 100 != 2) {
        throw new IllegalStateException("creating bucket " + bucket + ": HTTP " + created.statusCode() + " " + created.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("creating bucket " + bucket + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return bucket;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
