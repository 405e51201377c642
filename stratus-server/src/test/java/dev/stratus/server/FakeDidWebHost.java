package dev.stratus.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stratus.testkit.atproto.TestDidDocument;
import dev.stratus.testkit.atproto.TestKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for an account's host, a remote peer Stratus does not own: a {@code did:web} document
 * naming a PDS, and that PDS's {@code getBlob}, which answers with one file whatever is asked for
 * (so a request for any other CID gets bytes that do not match it). Counts the blob requests.
 */
final class FakeDidWebHost implements AutoCloseable {
  private final HttpServer server;
  final AtomicInteger blobRequests = new AtomicInteger();
  private volatile String pdsEndpoint;
  private volatile Path blob;

  /** Serves {@code blob}; its own address is the PDS until {@link #pdsEndpoint} says otherwise. */
  FakeDidWebHost(Path blob) throws IOException {
    this.blob = blob;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pdsEndpoint = "http://" + hostAndPort();
    server.createContext("/.well-known/did.json", exchange -> answer(exchange,
        TestDidDocument.of(did(), TestKeys.k256()).pds(pdsEndpoint).json().getBytes(StandardCharsets.UTF_8)));
    server.createContext("/xrpc/com.atproto.sync.getBlob", exchange -> {
      blobRequests.incrementAndGet();
      answer(exchange, Files.readAllBytes(this.blob));
    });
    server.start();
  }

  /** Names another PDS in the DID document. */
  void pdsEndpoint(String endpoint) {
    this.pdsEndpoint = endpoint;
  }

  int port() {
    return server.getAddress().getPort();
  }

  String hostAndPort() {
    return "localhost:" + port();
  }

  String did() {
    return "did:web:localhost%3A" + port();
  }

  private static void answer(HttpExchange exchange, byte[] body) throws IOException {
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
