package dev.stratus.testkit.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.client.PdsSession;
import dev.stratus.client.XrpcException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a test does to the PDS that a user's client does not: create accounts, and call
 * {@code uploadBlob} with an arbitrary bearer token (the service-auth token Stratus forwards). The
 * rest of a user's calls go through the SDK's {@link PdsSession}. Every non-2xx answer becomes the
 * SDK's {@link XrpcException}.
 */
public final class PdsClient {
  // The PDS takes 3 to 18 characters before the user domain, without dots.
  private static final int HANDLE_FRONT_MAX = 18;
  private static final int SUFFIX_LENGTH = 6;
  private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

  private final URI pdsUrl;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final SecureRandom random = new SecureRandom();

  /** HTTP/1.1: no h2c upgrade attempts against a plain Node server. */
  public PdsClient(URI pdsUrl) {
    this.pdsUrl = pdsUrl;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** {@code com.atproto.server.describeServer}: the PDS's DID, user domains, invite policy. */
  public JsonNode describeServer() throws IOException, InterruptedException {
    return send(xrpc("com.atproto.server.describeServer", null).GET().build());
  }

  /**
   * Creates an account whose handle is {@code handlePrefix} (sanitised, shortened) plus a random
   * suffix, under the PDS's first available user domain, so repeated calls never collide; then
   * logs it in with the SDK.
   */
  public Account createAccount(String handlePrefix) throws IOException, InterruptedException {
    String domain = describeServer().path("availableUserDomains").path(0).asText();
    if (domain.isEmpty()) {
      throw new IllegalStateException("PDS " + pdsUrl + " offers no availableUserDomains");
    }
    String front = handleFront(handlePrefix);
    String password = randomSuffix() + randomSuffix();
    ObjectNode input = json.createObjectNode();
    input.put("handle", front + domain);
    input.put("email", front + "@example.com");
    input.put("password", password);
    JsonNode out = send(xrpc("com.atproto.server.createAccount", null)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(input)))
        .build());
    String handle = out.path("handle").asText();
    PdsSession session = PdsSession.builder().pdsUrl(pdsUrl.toString()).identifier(handle).password(password).login();
    return new Account(out.path("did").asText(), handle, password, session);
  }

  /**
   * {@code com.atproto.repo.uploadBlob} with any bearer token, e.g. an uploadBlob service-auth
   * token as Stratus forwards it. Returns the blob ref exactly as the PDS sent it.
   */
  public JsonNode uploadBlob(String bearerToken, byte[] bytes, String mimeType) throws IOException, InterruptedException {
    return send(xrpc("com.atproto.repo.uploadBlob", bearerToken)
        .header("Content-Type", mimeType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .build()).path("blob");
  }

  private String handleFront(String prefix) {
    // A DNS label: letters, digits and inner hyphens only.
    String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    clean = clean.replaceAll("^-+", "");
    int keep = HANDLE_FRONT_MAX - SUFFIX_LENGTH - 1;
    clean = clean.substring(0, Math.min(clean.length(), keep));
    return (clean.isEmpty() ? "" : clean.replaceAll("-+$", "") + "-") + randomSuffix();
  }

  private String randomSuffix() {
    StringBuilder suffix = new StringBuilder(SUFFIX_LENGTH);
    for (int i = 0; i < SUFFIX_LENGTH; i++) {
      suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
    }
    return suffix.toString();
  }

  private HttpRequest.Builder xrpc(String nsid, @Nullable String bearer) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(pdsUrl + "/xrpc/" + nsid)).timeout(REQUEST_TIMEOUT);
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    return builder;
  }

  private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw XrpcException.fromAnswer(response.statusCode(), response.body());
    }
    return json.readTree(response.body());
  }
}
