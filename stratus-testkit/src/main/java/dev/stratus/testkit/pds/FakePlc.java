package dev.stratus.testkit.pds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in PLC directory on a loopback port: {@code GET /{did}} answers the DID document put
 * there, 404 otherwise, and records which DIDs were asked for.
 */
public final class FakePlc implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, String> documents = new ConcurrentHashMap<>();
  private final List<String> lookups = new ArrayList<>();

  private FakePlc(HttpServer server) {
    this.server = server;
  }

  public static FakePlc start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakePlc plc = new FakePlc(server);
    server.createContext("/", plc::handle);
    server.start();
    return plc;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Serves {@code documentJson} for {@code did} from now on. */
  public void put(String did, String documentJson) {
    documents.put(did, documentJson);
  }

  public synchronized List<String> lookups() {
    return List.copyOf(lookups);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String did = URLDecoder.decode(exchange.getRequestURI().getRawPath().substring(1), StandardCharsets.UTF_8);
      synchronized (this) {
        lookups.add(did);
      }
      String document = documents.get(did);
      byte[] body = (document != null ? document : "{\"message\":\"DID not registered: " + did + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(document != null ? 200 : 404, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
