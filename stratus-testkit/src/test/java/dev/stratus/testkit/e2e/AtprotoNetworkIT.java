package dev.stratus.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.client.XrpcException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plays the Bluesky app against a real PDS the way a video upload does: the app asks its PDS for an
 * uploadBlob service token, the video service uploads with that token, the app posts the blob.
 */
class AtprotoNetworkIT {
  private static final String UPLOAD_BLOB = "com.atproto.repo.uploadBlob";
  private static final int MIB = 1024 * 1024;

  private static AtprotoNetwork network;

  @BeforeAll
  static void startNetwork() throws Exception {
    long started = System.nanoTime();
    network = AtprotoNetwork.start(AtprotoNetwork.defaultE2eDir());
    System.out.printf(
        "AtprotoNetwork started in %d ms: PDS %s (%s), PLC %s%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        network.pdsUrl(),
        network.pdsDid(),
        network.plcUrl());
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    if (network != null) {
      network.close();
    }
  }

  @Test
  void serviceAuthTokenUploadsAVideoThatAPostCanEmbed() throws Exception {
    Account alice = network.createAccount("alice");
    String token = uploadBlobToken(alice, network.pdsDid());
    byte[] mp4 = mp4(4096);

    // What Stratus does with the token the app forwarded to it.
    JsonNode blob = network.pds().uploadBlob(token, mp4, "video/mp4");

    assertThat(blob.path("$type").asText()).isEqualTo("blob");
    assertThat(blob.path("mimeType").asText()).isEqualTo("video/mp4");
    assertThat(blob.path("size").asLong()).isEqualTo(mp4.length);
    String cid = blob.path("ref").path("$link").asText();
    assertThat(cid).startsWith("bafkrei");

    String uri = network.createVideoPost(alice, blob, "a video");
    assertThat(uri).startsWith("at://" + alice.did() + "/app.bsky.feed.post/");
    assertThat(network.getBlob(alice, cid)).isEqualTo(mp4);
  }

  @Test
  void acceptsBlobsAboveTheDefaultFiveMebibytes() throws Exception {
    Account bob = network.createAccount("bob");
    byte[] mp4 = mp4(6 * MIB);

    JsonNode blob =
        network.pds().uploadBlob(uploadBlobToken(bob, network.pdsDid()), mp4, "video/mp4");

    assertThat(blob.path("size").asLong()).isEqualTo(mp4.length);
    network.createVideoPost(bob, blob, "a bigger video");
    assertThat(network.getBlob(bob, blob.path("ref").path("$link").asText())).isEqualTo(mp4);
  }

  @Test
  void getBlobServesOnlyBlobsThatARecordReferences() throws Exception {
    Account frank = network.createAccount("frank");
    JsonNode blob = network.uploadBlob(frank, mp4(1024), "video/mp4");
    String cid = blob.path("ref").path("$link").asText();

    // Until a record references it the blob is "temporary" and the PDS will not serve it.
    XrpcException notYet =
        catchThrowableOfType(XrpcException.class, () -> network.getBlob(frank, cid));
    assertThat(notYet.status()).isEqualTo(400);
    assertThat(notYet.serviceMessage()).contains("Blob not found");

    network.createVideoPost(frank, blob, "now it is referenced");
    assertThat(network.getBlob(frank, cid)).hasSize(blob.path("size").asInt());
  }

  @Test
  void refusesBlobsAboveTheRaisedLimit() throws Exception {
    Account carol = network.createAccount("carol");
    byte[] tooBig = new byte[100 * MIB + 1];

    XrpcException refused =
        catchThrowableOfType(
            XrpcException.class,
            () ->
                network
                    .pds()
                    .uploadBlob(uploadBlobToken(carol, network.pdsDid()), tooBig, "video/mp4"));

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.error()).isEqualTo("PayloadTooLarge");
  }

  @Test
  void refusesServiceTokensForAnotherAudienceOrMethod() throws Exception {
    Account dave = network.createAccount("dave");
    long exp = Instant.now().plusSeconds(60).getEpochSecond();
    String otherAudience = network.serviceAuth(dave, "did:web:video.example", UPLOAD_BLOB, exp);
    String otherMethod =
        network.serviceAuth(dave, network.pdsDid(), "app.bsky.video.getUploadLimits", exp);

    for (String token : List.of(otherAudience, otherMethod)) {
      XrpcException refused =
          catchThrowableOfType(
              XrpcException.class, () -> network.pds().uploadBlob(token, mp4(64), "video/mp4"));
      assertThat(refused.status()).isEqualTo(401);
    }
  }

  @Test
  void plcDocumentPointsAtThePds() throws Exception {
    Account erin = network.createAccount("erin");

    JsonNode doc = plcDocument(erin.did());

    assertThat(doc.path("id").asText()).isEqualTo(erin.did());
    JsonNode pds = doc.path("service").path(0);
    assertThat(pds.path("id").asText()).isEqualTo("#atproto_pds");
    assertThat(pds.path("serviceEndpoint").asText()).isEqualTo(network.pdsUrl().toString());
    // The test PLC still serves the legacy key form (uncompressed point, no multicodec), not
    // Multikey: a DID resolver under end-to-end test has to read both.
    JsonNode key = doc.path("verificationMethod").path(0);
    assertThat(key.path("id").asText()).isEqualTo("#atproto");
    assertThat(key.path("type").asText()).isEqualTo("EcdsaSecp256k1VerificationKey2019");
  }

  @Test
  void describeServerNeedsNoInviteCode() throws Exception {
    JsonNode server = network.pds().describeServer();

    assertThat(server.path("did").asText())
        .isEqualTo(network.pdsDid())
        .isEqualTo("did:web:localhost");
    assertThat(server.path("inviteCodeRequired").asBoolean(true)).isFalse();
  }

  @Test
  void closeLeavesNoProcessBehind() throws Exception {
    AtprotoNetwork second = AtprotoNetwork.start(AtprotoNetwork.defaultE2eDir());
    ProcessHandle node = second.process();
    List<ProcessHandle> children = node.descendants().toList();
    assertThat(second.pdsUrl()).isNotEqualTo(network.pdsUrl());

    second.close();

    assertThat(node.isAlive()).isFalse();
    assertThat(children).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void startQuotesTheChildsStderrWhenItDiesBeforeReady(@TempDir Path e2e) throws Exception {
    // A stand-in for network.mjs that fails at once, in a folder npm ci has "already" installed.
    Files.writeString(e2e.resolve("package-lock.json"), "{}");
    Files.createDirectories(e2e.resolve("node_modules"));
    Files.writeString(e2e.resolve("node_modules/.package-lock.json"), "{}");
    Files.writeString(
        e2e.resolve("network.mjs"),
        "console.error('cannot open the PDS database'); process.exit(3);");

    assertThatThrownBy(() -> AtprotoNetwork.start(e2e))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("network.mjs exited 3 before it was ready")
        .hasMessageContaining("cannot open the PDS database");
  }

  /** As the Bluesky app asks for it: aud = the PDS's DID, lxm = uploadBlob, exp = now + 30 min. */
  private static String uploadBlobToken(Account account, String pdsDid) throws Exception {
    long exp = Instant.now().plus(Duration.ofMinutes(30)).getEpochSecond();
    return network.serviceAuth(account, pdsDid, UPLOAD_BLOB, exp);
  }

  private static JsonNode plcDocument(String did) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(network.plcUrl() + "/" + did)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return new ObjectMapper().readTree(response.body());
    }
  }

  /**
   * An ISO BMFF file the PDS sniffs as {@code video/mp4}: an {@code ftyp} box with the {@code isom}
   * brand (a {@code qt } brand would sniff as {@code video/quicktime}, which a video embed
   * refuses), then a {@code free} box of random filler. Not playable; the PDS never decodes.
   */
  static byte[] mp4(int fillerBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(fillerBytes + 64);
    byte[] brands = "isom\0\0\2\0isomiso2avc1mp41".getBytes(StandardCharsets.ISO_8859_1);
    out.writeBytes(boxHeader(8 + brands.length, "ftyp"));
    out.writeBytes(brands);
    byte[] filler = new byte[fillerBytes];
    new Random(fillerBytes).nextBytes(filler);
    out.writeBytes(boxHeader(8 + filler.length, "free"));
    out.writeBytes(filler);
    return out.toByteArray();
  }

  private static byte[] boxHeader(int size, String type) {
    return ByteBuffer.allocate(8)
        .putInt(size)
        .put(type.getBytes(StandardCharsets.ISO_8859_1))
        .array();
  }
}
