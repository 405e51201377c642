package dev.stratus.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.client.PdsSession;
import dev.stratus.client.TokenProvider;
import dev.stratus.client.VideoPost;
import dev.stratus.client.XrpcException;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.http.FlakyProxy;
import dev.stratus.testkit.http.FlakyProxy.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's PDS session against the real PDS and PLC: login, renewal, tokens, blobs, records. */
class PdsSessionIT {
  static AtprotoNetwork network;

  @BeforeAll
  static void start() throws Exception {
    network = AtprotoNetwork.start(AtprotoNetwork.defaultE2eDir());
  }

  @AfterAll
  static void stop() throws Exception {
    if (network != null) {
      network.close();
    }
  }

  /** A clock a test can move forward. */
  static final class MovableClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void aHandleIsResolvedToItsPdsAndLoggedIn() throws Exception {
    Account alice = network.createAccount("alice");
    PdsSession session = PdsSession.builder().identifier(alice.handle()).password(alice.password())
        .handleResolverUrl(network.pdsUrl().toString()).plcUrl(network.plcUrl().toString()).login();

    assertThat(session.did()).isEqualTo(alice.did());
    assertThat(session.handle()).isEqualTo(alice.handle());
    assertThat(session.pdsUrl()).isEqualTo(network.pdsUrl());
    assertThat(session.pdsDid()).isEqualTo(network.pdsDid());
  }

  @Test
  void aWrongPasswordOrUnknownHandleIsRefusedInThePdsWords() throws Exception {
    Account bob = network.createAccount("bob");
    assertThatThrownBy(() -> PdsSession.builder().pdsUrl(network.pdsUrl().toString()).identifier(bob.handle())
            .password("wrong").login())
        .isInstanceOfSatisfying(XrpcException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.error()).isEqualTo("AuthenticationRequired");
          assertThat(e.serviceMessage()).containsIgnoringCase("invalid identifier or password");
        });
    assertThatThrownBy(() -> PdsSession.builder().identifier("nobody.test").password("x")
            .handleResolverUrl(network.pdsUrl().toString()).plcUrl(network.plcUrl().toString()).login())
        .isInstanceOfSatisfying(XrpcException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void anAccessTokenNearItsExpiryIsRenewedBeforeTheCall() throws Exception {
    Account carol = network.createAccount("carol");
    MovableClock clock = new MovableClock();
    try (FlakyProxy proxy = FlakyProxy.start(network.pdsUrl().toString(), request -> Fault.NONE)) {
      PdsSession session = PdsSession.builder().pdsUrl(proxy.url()).identifier(carol.handle())
          .password(carol.password()).clock(clock).login();
      Instant firstExpiry = session.accessExpiresAt();
      assertThat(firstExpiry).isNotNull();
      session.serviceToken(network.pdsDid(), Nsid.REPO_UPLOAD_BLOB, Instant.now().plusSeconds(600));

      // Within a minute of the token's expiry by this session's clock: the next call renews first.
      clock.now.set(firstExpiry.minusSeconds(30));
      String token = session.serviceToken(network.pdsDid(), Nsid.REPO_UPLOAD_BLOB, Instant.now().plusSeconds(600));

      assertThat(token).isNotEmpty();
      assertThat(proxy.seen()).extracting(seen -> seen.path().substring("/xrpc/".length()) + " " + seen.status())
          .containsExactly("com.atproto.server.createSession 200", "com.atproto.server.getServiceAuth 200",
              "com.atproto.server.refreshSession 200", "com.atproto.server.getServiceAuth 200");
      assertThat(session.accessExpiresAt()).isAfterOrEqualTo(firstExpiry);
    }
  }

  @Test
  void aTokenThePdsCallsExpiredIsRenewedAndTheCallMadeAgain() throws Exception {
    Account fay = network.createAccount("fay");
    // The second request (the first getServiceAuth) is answered "expired" by the proxy.
    try (FlakyProxy proxy = FlakyProxy.start(network.pdsUrl().toString(),
        request -> request.index() == 1 ? Fault.EXPIRED_TOKEN : Fault.NONE)) {
      PdsSession session = PdsSession.builder().pdsUrl(proxy.url()).identifier(fay.handle()).password(fay.password()).login();

      String token = session.serviceToken(network.pdsDid(), Nsid.REPO_UPLOAD_BLOB);

      assertThat(token).isNotEmpty();
      assertThat(proxy.seen()).extracting(seen -> seen.path().substring("/xrpc/".length()) + " " + seen.status())
          .containsExactly("com.atproto.server.createSession 200", "com.atproto.server.getServiceAuth 400",
              "com.atproto.server.refreshSession 200", "com.atproto.server.getServiceAuth 200");
    }
  }

  @Test
  void videoServiceTokensAreAddressedAsTheAppAddressesThemAndKeptUntilNearExpiry() throws Exception {
    Account dana = network.createAccount("dana");
    MovableClock clock = new MovableClock();
    PdsSession session = PdsSession.builder().pdsUrl(network.pdsUrl().toString()).identifier(dana.handle())
        .password(dana.password()).clock(clock).login();
    TokenProvider tokens = session.videoServiceTokens("did:web:video.example");

    String upload = tokens.token(Nsid.REPO_UPLOAD_BLOB);
    JsonNode uploadClaims = claims(upload);
    assertThat(uploadClaims.path("iss").asText()).isEqualTo(dana.did());
    assertThat(uploadClaims.path("aud").asText()).isEqualTo(network.pdsDid());
    assertThat(uploadClaims.path("lxm").asText()).isEqualTo(Nsid.REPO_UPLOAD_BLOB);
    long lifetime = uploadClaims.path("exp").asLong() - Instant.now().getEpochSecond();
    assertThat(lifetime).isBetween(Duration.ofMinutes(29).toSeconds(), Duration.ofMinutes(30).toSeconds());
    JsonNode limitsClaims = claims(tokens.token(Nsid.GET_UPLOAD_LIMITS));
    assertThat(limitsClaims.path("aud").asText()).isEqualTo("did:web:video.example");
    assertThat(limitsClaims.path("lxm").asText()).isEqualTo(Nsid.GET_UPLOAD_LIMITS);

    assertThat(tokens.token(Nsid.REPO_UPLOAD_BLOB)).isSameAs(upload);
    clock.now.set(clock.instant().plus(Duration.ofMinutes(26)));
    assertThat(tokens.token(Nsid.REPO_UPLOAD_BLOB)).isNotEqualTo(upload);
  }

  @Test
  void aCaptionBlobAndAPostAreWrittenAndReadBack(@TempDir Path dir) throws Exception {
    Account erin = network.createAccount("erin");
    Path vtt = Files.writeString(dir.resolve("en.vtt"), "WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n");
    BlobRef caption = erin.session().uploadBlob(vtt, "text/vtt");
    assertThat(caption.mimeType()).isEqualTo("text/vtt");
    assertThat(caption.size()).isEqualTo(Files.size(vtt));
    BlobRef video = LexJson.mapper().convertValue(network.uploadBlob(erin, AtprotoNetworkIT.mp4(2048), "video/mp4"), BlobRef.class);

    PdsSession.CreatedRecord post = erin.session().createRecord(VideoPost.COLLECTION,
        VideoPost.of(video).text("hello").caption("en", caption).aspectRatio(16, 9).toRecord());

    JsonNode record = erin.session().getRecord(post.uri());
    assertThat(record.path("embed").path("captions").path(0).path("file").path("ref").path("$link").asText())
        .isEqualTo(caption.cid());
    assertThat(erin.session().getBlob(erin.did(), caption.cid())).isEqualTo(Files.readAllBytes(vtt));
    assertThatThrownBy(() -> erin.session().getRecord(post.uri() + "x"))
        .isInstanceOfSatisfying(XrpcException.class, e -> assertThat(e.error()).isEqualTo("RecordNotFound"));
  }

  private static JsonNode claims(String jwt) throws Exception {
    return LexJson.mapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }
}
