package dev.stratus.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A loopback HTTP proxy in front of a real server that injects the faults real networks and busy
 * services cause, chosen per request by a rule, and records every request it saw. Bodies are
 * streamed through, never buffered.
 */
public final class FlakyProxy implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "content-length", "host", "transfer-encoding", "expect", "upgrade", "keep-alive");

  /** What the proxy does with one request. */
  public enum Fault {
    /** Forward it and pass the answer back. */
    NONE,
    /** Answer 503 {@code ServiceOverloaded} without forwarding (the server never sees it). */
    OVERLOADED,
    /** Forward it (the server acts on it), then lose the answer: the client gets a 502. */
    LOSE_ANSWER,
    /** Answer 200 {@code {}} without forwarding: the client believes it succeeded. */
    FAKE_SUCCESS,
    /** Answer 501 {@code MethodNotImplemented} without forwarding: a service that lacks the method. */
    NOT_IMPLEMENTED,
    /** Answer 400 {@code ExpiredToken} without forwarding, as a PDS does once an access token lapses. */
    EXPIRED_TOKEN
  }

  /** One request as the proxy saw it, with the fault applied and the status the client got. */
  public record Seen(String method, String path, String query, Fault fault, int status) {}

  /** A request the rule decides on: its method, path, query, and how many came before it. */
  public record Request(String method, String path, String query, int index) {
    /** The value of a query parameter, or null. */
    public String param(String name) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals(name)) {
          return pair.substring(eq + 1);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI target;
  private final Function<Request, Fault> rule;
  private final List<Seen> seen = new ArrayList<>();

  private FlakyProxy(HttpServer server, URI target, Function<Request, Fault> rule) {
    this.server = server;
    this.target = target;
    this.rule = rule;
  }

  /** Starts a proxy on a free loopback port in front of {@code target} (e.g. http://127.0.0.1:2590). */
  public static FlakyProxy start(String target, Function<Request, Fault> rule) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FlakyProxy proxy = new FlakyProxy(server, URI.create(target), rule);
    server.createContext("/", proxy::handle);
    server.setExecutor(proxy.executor);
    server.start();
    return proxy;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request so far, in arrival order. */
  public synchronized List<Seen> seen() {
    return List.copyOf(seen);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
      String path = exchange.getRequestURI().getRawPath();
      Fault fault;
      synchronized (this) {
        fault = rule.apply(new Request(exchange.getRequestMethod(), path, query, seen.size()));
      }
      // Each request is recorded before its answer leaves, so a client that has its answer finds
      // the request in seen().
      IntConsumer recordAs = status -> {
        synchronized (this) {
          seen.add(new Seen(exchange.getRequestMethod(), path, query, fault, status));
        }
      };
      switch (fault) {
        case NONE -> forward(exchange, path, query, recordAs);
        case LOSE_ANSWER -> {
          forward(exchange, path, query, null);
          answer(exchange, 502, "{\"error\":\"BadGateway\",\"message\":\"the proxy lost the answer\"}", recordAs);
        }
        case OVERLOADED -> {
          drain(exchange.getRequestBody());
          answer(exchange, 503, "{\"error\":\"ServiceOverloaded\",\"message\":\"injected by the proxy\"}", recordAs);
        }
        case FAKE_SUCCESS -> {
          drain(exchange.getRequestBody());
          answer(exchange, 200, "{}", recordAs);
        }
        case NOT_IMPLEMENTED -> {
          drain(exchange.getRequestBody());
          answer(exchange, 501, "{\"error\":\"MethodNotImplemented\",\"message\":\"injected by the proxy\"}", recordAs);
        }
        case EXPIRED_TOKEN -> {
          drain(exchange.getRequestBody());
          answer(exchange, 400, "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}", recordAs);
        }
      }
    }
  }

  /** Forwards the request; passes the answer back (recorded first) unless {@code record} is null. */
  private void forward(HttpExchange exchange, String path, String query, @Nullable IntConsumer record) throws IOException {
    String lengthHeader = exchange.getRequestHeaders().getFirst("Content-Length");
    long length = lengthHeader == null ? -1 : Long.parseLong(lengthHeader);
    InputStream body = exchange.getRequestBody();
    // fromPublisher takes only positive lengths: an empty body (a POST without input) is noBody().
    HttpRequest.BodyPublisher publisher =
        length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : length > 0
                ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), length)
                : HttpRequest.BodyPublishers.ofInputStream(() -> body);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target + path + (query.isEmpty() ? "" : "?" + query)))
            .method(exchange.getRequestMethod(), "GET".equals(exchange.getRequestMethod()) ? HttpRequest.BodyPublishers.noBody() : publisher);
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase())) {
        values.forEach(value -> request.header(name, value));
      }
    });
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (record == null) {
      return;
    }
    record.accept(response.statusCode());
    response.headers().map().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    byte[] bytes = response.body();
    exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void answer(HttpExchange exchange, int status, String json, IntConsumer record) throws IOException {
    record.accept(status);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void drain(InputStream body) throws IOException {
    body.transferTo(OutputStream.nullOutputStream());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    client.close();
  }
}
