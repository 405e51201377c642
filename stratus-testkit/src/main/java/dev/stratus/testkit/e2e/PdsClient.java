package dev.stratus.testkit.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The XRPC calls a test makes to a PDS in the user's place: the Bluesky app's side of a video
 * upload. Every non-2xx answer becomes an {@link XrpcException} with the status and body.
 */
public final class PdsClient {
  // The PDS takes 3 to 18 characters before the user domain, without dots.
  private static final int HANDLE_FRONT_MAX = 18;
  private static final int SUFFIX_LENGTH = 6;
  private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

  private final URI pdsUrl;
  private final HttpClient http;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final SecureRandom random = new SecureRandom();

  public PdsClient(URI pdsUrl, HttpClient http, Clock clock) {
    this.pdsUrl = pdsUrl;
    this.http = http;
    this.clock = clock;
  }

  /** HTTP/1.1 (no h2c upgrade attempts against a plain Node server) and the system clock. */
  public PdsClient(URI pdsUrl) {
    this(
        pdsUrl,
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build(),
        Clock.systemUTC());
  }

  /** {@code com.atproto.server.describeServer}: the PDS's DID, user domains, invite policy. */
  public JsonNode describeServer() throws IOException, InterruptedException {
    String nsid = "com.atproto.server.describeServer";
    return send(nsid, get(nsid, Map.of(), null));
  }

  /**
   * Creates an account whose handle is {@code handlePrefix} (sanitised, shortened) plus a random
   * suffix, under the PDS's first available user domain, so repeated calls never collide.
   */
  public Account createAccount(String handlePrefix) throws IOException, InterruptedException {
    String domain = describeServer().path("availableUserDomains").path(0).asText();
    if (domain.isEmpty()) {
      throw new IllegalStateException("PDS " + pdsUrl + " offers no availableUserDomains");
    }
    String front = handleFront(handlePrefix);
    ObjectNode input = json.createObjectNode();
    input.put("handle", front + domain);
    input.put("email", front + "@example.com");
    input.put("password", randomSuffix() + randomSuffix());
    String nsid = "com.atproto.server.createAccount";
    JsonNode out = send(nsid, post(nsid, null, input));
    return new Account(
        out.path("did").asText(), out.path("handle").asText(), out.path("accessJwt").asText());
  }

  /**
   * {@code com.atproto.server.getServiceAuth}: a JWT signed with the account's key, as the Bluesky
   * app requests it for a video upload ({@code aud} = the PDS's DID, {@code lxm} = {@code
   * com.atproto.repo.uploadBlob}, {@code exp} = now + 30 min). The PDS refuses an {@code exp} more
   * than an hour ahead ({@code BadExpiration}).
   */
  public String serviceAuth(Account account, String aud, String lxm, long expEpochSeconds)
      throws IOException, InterruptedException {
    return serviceAuth(account, Map.of("aud", aud, "lxm", lxm, "exp", Long.toString(expEpochSeconds)));
  }

  /** A service token without {@code exp}, as some clients (kbsky) ask: the PDS gives it 60 s. */
  public String serviceAuth(Account account, String aud, String lxm) throws IOException, InterruptedException {
    return serviceAuth(account, Map.of("aud", aud, "lxm", lxm));
  }

  private String serviceAuth(Account account, Map<String, String> params) throws IOException, InterruptedException {
    String nsid = "com.atproto.server.getServiceAuth";
    return send(nsid, get(nsid, params, account.accessJwt())).path("token").asText();
  }

  /** {@code com.atproto.repo.uploadBlob} with the account's access token; returns the blob ref. */
  public JsonNode uploadBlob(Account account, byte[] bytes, String mimeType)
      throws IOException, InterruptedException {
    return uploadBlob(account.accessJwt(), bytes, mimeType);
  }

  /**
   * {@code com.atproto.repo.uploadBlob} with any bearer token: the access token, or an uploadBlob
   * service-auth token as Stratus forwards it. Returns the blob ref ({@code $type}, {@code ref},
   * {@code mimeType}, {@code size}) exactly as the PDS sent it.
   */
  public JsonNode uploadBlob(String bearerToken, byte[] bytes, String mimeType)
      throws IOException, InterruptedException {
    String nsid = "com.atproto.repo.uploadBlob";
    HttpRequest request =
        xrpcRequest(nsid, Map.of(), bearerToken)
            .header("Content-Type", mimeType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    return send(nsid, request).path("blob");
  }

  /**
   * {@code com.atproto.repo.createRecord} of an {@code app.bsky.feed.post} with {@code text} and an
   * {@code app.bsky.embed.video} of {@code blobRef}; returns the record's {@code at://} URI. The
   * PDS checks the ref against the stored blob and the embed's {@code accept: ["video/mp4"]}.
   */
  public String createVideoPost(Account account, JsonNode blobRef, String text)
      throws IOException, InterruptedException {
    return createPost(account, videoEmbed(blobRef), text);
  }

  /**
   * As {@link #createVideoPost(Account, JsonNode, String)}, with the embed's {@code aspectRatio}.
   */
  public String createVideoPost(
      Account account, JsonNode blobRef, String text, int width, int height)
      throws IOException, InterruptedException {
    ObjectNode embed = videoEmbed(blobRef);
    embed.putObject("aspectRatio").put("width", width).put("height", height);
    return createPost(account, embed, text);
  }

  /** {@code com.atproto.sync.getBlob}: the blob's bytes (public, no auth). */
  public byte[] getBlob(String did, String cid) throws IOException, InterruptedException {
    String nsid = "com.atproto.sync.getBlob";
    HttpRequest request = get(nsid, Map.of("did", did, "cid", cid), null);
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      String body = new String(response.body(), StandardCharsets.UTF_8);
      throw new XrpcException(nsid, response.statusCode(), body);
    }
    return response.body();
  }

  private ObjectNode videoEmbed(JsonNode blobRef) {
    ObjectNode embed = json.createObjectNode();
    embed.put("$type", "app.bsky.embed.video");
    embed.set("video", blobRef);
    return embed;
  }

  private String createPost(Account account, ObjectNode embed, String text)
      throws IOException, InterruptedException {
    ObjectNode record = json.createObjectNode();
    record.put("$type", "app.bsky.feed.post");
    record.put("text", text);
    // Millisecond precision, as atproto clients write datetimes.
    record.put("createdAt", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
    record.set("embed", embed);
    ObjectNode input = json.createObjectNode();
    input.put("repo", account.did());
    input.put("collection", "app.bsky.feed.post");
    input.set("record", record);
    String nsid = "com.atproto.repo.createRecord";
    return send(nsid, post(nsid, account.accessJwt(), input)).path("uri").asText();
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

  private HttpRequest get(String nsid, Map<String, String> params, @Nullable String bearer) {
    return xrpcRequest(nsid, params, bearer).GET().build();
  }

  private HttpRequest post(String nsid, @Nullable String bearer, JsonNode input)
      throws IOException {
    return xrpcRequest(nsid, Map.of(), bearer)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(input)))
        .build();
  }

  private HttpRequest.Builder xrpcRequest(
      String nsid, Map<String, String> params, @Nullable String bearer) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(xrpc(nsid, params)).timeout(REQUEST_TIMEOUT);
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    return builder;
  }

  private URI xrpc(String nsid, Map<String, String> params) {
    String query =
        params.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return URI.create(pdsUrl + "/xrpc/" + nsid + (query.isEmpty() ? "" : "?" + query));
  }

  private JsonNode send(String nsid, HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new XrpcException(nsid, response.statusCode(), response.body());
    }
    return json.readTree(response.body());
  }
}
