package dev.stratus.atproto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stratus.atproto.DidResolutionException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real HTTP server on a random loopback port standing in for plc.directory and did:web.
 */
class HttpDidResolverTest {
  private static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
  private static final String PLC_PATH = "/did%3Aplc%3Aewvi7nxzyoun6zhxrhs64oiz";
  private static final String K256 = "zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc";

  /** What the server answers per raw path; unknown paths get 404. */
  private record Answer(int status, String body, Map<String, String> headers) {}

  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> acceptHeaders = new CopyOnWriteArrayList<>();
  private final CountDownLatch releaseSlowAnswers = new CountDownLatch(1);
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private HttpServer server;
  private HttpDidResolver resolver;

  @BeforeEach
  void startServer() throws IOException {
    // Bound to what "localhost" resolves to, so did:web:localhost%3A<port> reaches it as well.
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("localhost"), 0), 0);
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
    resolver = new HttpDidResolver(baseUrl(), Duration.ofSeconds(3));
  }

  @AfterEach
  void stopServer() {
    releaseSlowAnswers.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }

  @Test
  void fetchesAPlcDocumentFromTheConfiguredDirectory() throws Exception {
    answers.put(PLC_PATH, ok(document(DID)));

    DidDocument doc = resolver.resolve(DID);

    assertThat(doc.id()).isEqualTo(DID);
    assertThat(doc.signingKey()).contains(Multikey.decode(K256));
    assertThat(doc.pdsEndpoint()).contains(URI.create("https://pds.example"));
    assertThat(requests).containsExactly(PLC_PATH);
    assertThat(acceptHeaders).containsExactly("application/did+ld+json,application/json");
  }

  @Test
  void refreshFetchesAgain() throws Exception {
    answers.put(PLC_PATH, ok(document(DID)));

    resolver.resolve(DID);
    resolver.refresh(DID);

    assertThat(requests).containsExactly(PLC_PATH, PLC_PATH);
  }

  @Test
  void fetchesALocalhostDidWebOverPlainHttp() throws Exception {
    String did = "did:web:localhost%3A" + server.getAddress().getPort();
    answers.put("/.well-known/did.json", ok(document(did)));

    assertThat(resolver.resolve(did).id()).isEqualTo(did);
    assertThat(requests).containsExactly("/.well-known/did.json");
  }

  @Test
  void refusesADocumentOfAnotherDid() {
    answers.put(PLC_PATH, ok(document("did:plc:someoneelse2222222222222")));

    assertRefused(DID, Reason.INVALID_DOCUMENT, "returned the document of did:plc:someoneelse");
  }

  @Test
  void notFoundIsNotFound() {
    assertRefused(DID, Reason.NOT_FOUND, "HTTP 404");
    answers.put(PLC_PATH, new Answer(410, "", Map.of()));
    assertRefused(DID, Reason.NOT_FOUND, "HTTP 410");
  }

  @Test
  void otherErrorsAreUnavailable() {
    answers.put(PLC_PATH, new Answer(503, "down", Map.of()));

    assertRefused(DID, Reason.UNAVAILABLE, "HTTP 503");
  }

  @Test
  void doesNotFollowRedirects() {
    answers.put(PLC_PATH, new Answer(302, "", Map.of("Location", baseUrl() + "/elsewhere")));
    answers.put("/elsewhere", ok(document(DID)));

    assertRefused(DID, Reason.UNAVAILABLE, "redirects are not followed");
    assertThat(requests).containsExactly(PLC_PATH);
  }

  @Test
  void refusesWhatIsNotADocument() {
    answers.put(PLC_PATH, ok("<html>hello</html>"));
    assertRefused(DID, Reason.INVALID_DOCUMENT, "not JSON");

    answers.put(PLC_PATH, ok("{\"alsoKnownAs\":[]}"));
    assertRefused(DID, Reason.INVALID_DOCUMENT, "no string id");
  }

  @Test
  void refusesAnOversizedDocument() {
    answers.put(
        PLC_PATH, ok("{\"id\":\"" + DID + "\",\"pad\":\"" + "x".repeat(300 * 1024) + "\"}"));

    assertRefused(DID, Reason.UNAVAILABLE, "exceeds");
  }

  @Test
  void givesUpOnASlowServerAfterTheTimeout() {
    answers.put(PLC_PATH, new Answer(-1, "", Map.of()));
    HttpDidResolver impatient = new HttpDidResolver(baseUrl(), Duration.ofMillis(300));

    assertThatThrownBy(() -> impatient.resolve(DID))
        .isInstanceOfSatisfying(
            DidResolutionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
        .hasMessageMatching(".*(did not answer within 300 ms|timed out).*");
  }

  @Test
  void refusesPathBasedDidWebWithoutARequest() {
    assertRefused("did:web:localhost:alice", Reason.UNSUPPORTED, "path-based");
    assertThat(requests).isEmpty();
  }

  private void assertRefused(String did, Reason reason, String messagePart) {
    assertThatThrownBy(() -> resolver.resolve(did))
        .isInstanceOfSatisfying(
            DidResolutionException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(messagePart);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    requests.add(path);
    acceptHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("Accept")));
    Answer answer =
        answers.getOrDefault(
            path, new Answer(404, "{\"message\":\"DID not registered\"}", Map.of()));
    if (answer.status() < 0) {
      awaitRelease();
      exchange.close();
      return;
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void awaitRelease() {
    try {
      releaseSlowAnswers.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private URI baseUrl() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
  }

  private static Answer ok(String body) {
    return new Answer(200, body, Map.of("Content-Type", "application/did+ld+json"));
  }

  private static String document(String did) {
    return "{\"id\":\""
        + did
        + "\",\"verificationMethod\":[{\"id\":\""
        + did
        + "#atproto\",\"type\":\"Multikey\",\"controller\":\""
        + did
        + "\",\"publicKeyMultibase\":\""
        + K256
        + "\"}],\"service\":[{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\","
        + "\"serviceEndpoint\":\"https://pds.example\"}]}";
  }
}
