package dev.stratus.testkit.pds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stratus.atproto.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A recording stand-in for a user's PDS that serves {@code com.atproto.repo.uploadBlob} on a
 * loopback port. It records every request and answers from a script: by default it accepts the
 * blob and answers with its real CID, as a PDS does; queued answers (status and body) are used
 * first, one per request.
 */
public final class FakePds implements AutoCloseable {
  /** One recorded uploadBlob call. */
  public record Upload(String authorization, String contentType, long contentLength, byte[] body) {
    public String cid() {
      return Cid.of(body);
    }
  }

  private final HttpServer server;
  private final List<Upload> uploads = new ArrayList<>();
  private final Deque<Function<Upload, Answer>> script = new ArrayDeque<>();

  private record Answer(int status, String body) {}

  private FakePds(HttpServer server) {
    this.server = server;
  }

  public static FakePds start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakePds pds = new FakePds(server);
    server.createContext("/xrpc/com.atproto.repo.uploadBlob", pds::handle);
    server.start();
    return pds;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next request gets this status and JSON body, e.g. a 413 or a 502. */
  public synchronized FakePds thenAnswer(int status, String jsonBody) {
    script.add(upload -> new Answer(status, jsonBody));
    return this;
  }

  /** The next request is accepted, but the answer claims this MIME type (as a sniffing PDS may). */
  public synchronized FakePds thenAcceptAs(String mimeType) {
    script.add(upload -> new Answer(200, blobJson(upload.cid(), mimeType, upload.body().length)));
    return this;
  }

  /** Forgets recorded uploads and queued answers. */
  public synchronized void clear() {
    uploads.clear();
    script.clear();
  }

  public synchronized List<Upload> uploads() {
    return List.copyOf(uploads);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      String length = exchange.getRequestHeaders().getFirst("Content-Length");
      Upload upload =
          new Upload(
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
              String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
              length == null ? -1 : Long.parseLong(length),
              body);
      Answer answer;
      synchronized (this) {
        uploads.add(upload);
        Function<Upload, Answer> next = script.poll();
        answer = next != null ? next.apply(upload) : new Answer(200, blobJson(upload.cid(), upload.contentType(), body.length));
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String blobJson(String cid, String mimeType, long size) {
    return "{\"blob\":{\"$type\":\"blob\",\"ref\":{\"$link\":\"" + cid + "\"},\"mimeType\":\"" + mimeType + "\",\"size\":" + size + "}}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
