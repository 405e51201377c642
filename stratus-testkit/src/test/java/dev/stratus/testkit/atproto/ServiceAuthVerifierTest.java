package dev.stratus.testkit.atproto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.atproto.AudienceRule;
import dev.stratus.atproto.AuthError;
import dev.stratus.atproto.AuthException;
import dev.stratus.atproto.DidDocument;
import dev.stratus.atproto.KeyType;
import dev.stratus.atproto.ServiceAuthPolicy;
import dev.stratus.atproto.ServiceAuthVerifier;
import dev.stratus.atproto.VerifiedToken;
import dev.stratus.testkit.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceAuthVerifierTest {
  private static final String ALICE = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
  private static final String SERVICE = "did:web:video.example";
  private static final String PDS = "did:web:pds.example";
  private static final String ENTRYWAY = "did:web:bsky.social";
  private static final String GET_LIMITS = "app.bsky.video.getUploadLimits";
  private static final String UPLOAD_BLOB = "com.atproto.repo.uploadBlob";

  private static final ServiceAuthPolicy OWN =
      ServiceAuthPolicy.of(GET_LIMITS, AudienceRule.serviceDid(SERVICE));
  private static final ServiceAuthPolicy UPLOAD =
      ServiceAuthPolicy.of(UPLOAD_BLOB, AudienceRule.issuersPds(Set.of(ENTRYWAY)));

  private final MutableClock clock = new MutableClock();
  private final Instant now = clock.instant();
  private final FakeDidResolver resolver = new FakeDidResolver();
  private final ServiceAuthVerifier verifier = new ServiceAuthVerifier(resolver, clock);
  private final TestKeyPair aliceKey = TestKeys.k256();

  ServiceAuthVerifierTest() {
    resolver.put(TestDidDocument.of(ALICE, aliceKey).pds("https://pds.example").parse());
  }

  // ---- accepted tokens ----

  @Test
  void acceptsATokenForThisServiceAndReportsWhatItSays() throws Exception {
    Instant exp = now.plusSeconds(60);

    VerifiedToken token = verifier.verify(ownToken().exp(exp).sign(), OWN);

    assertThat(token.iss()).isEqualTo(ALICE);
    assertThat(token.aud()).isEqualTo(SERVICE);
    assertThat(token.lxm()).isEqualTo(GET_LIMITS);
    assertThat(token.exp()).isEqualTo(exp);
    assertThat(token.issuerDocument().pdsEndpoint()).contains(URI.create("https://pds.example"));
  }

  @Test
  void acceptsTheServiceDidWithAServiceFragment() throws Exception {
    assertThat(verifier.verify(ownToken().aud(SERVICE + "#bsky_video").sign(), OWN).aud())
        .isEqualTo(SERVICE + "#bsky_video");
    assertRejected(
        () -> verifier.verify(ownToken().aud(SERVICE + ".evil").sign(), OWN),
        AuthError.BAD_JWT_AUDIENCE,
        "not accepted here");
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void verifiesRealSignaturesWithBothKeyEncodingsAndIdForms(KeyType type) throws Exception {
    TestKeyPair key = TestKeys.generate(type);
    String bob = "did:plc:bob22222222222222222222";
    for (TestDidDocument doc :
        new TestDidDocument[] {
          TestDidDocument.of(bob, key),
          TestDidDocument.of(bob, key).relativeIds(),
          TestDidDocument.of(bob, key).legacyKeyEncoding(),
          TestDidDocument.of(bob, key).legacyKeyEncoding().relativeIds()
        }) {
      resolver.put(doc.parse());
      String token = key.jwt(now).iss(bob).aud(SERVICE).lxm(GET_LIMITS).sign();

      assertThat(verifier.verify(token, OWN).iss()).isEqualTo(bob);
    }
  }

  @Test
  void acceptsAnUploadBlobTokenForTheIssuersPdsOrTheEntryway() throws Exception {
    assertThat(verifier.verify(uploadToken().aud(PDS).sign(), UPLOAD).aud()).isEqualTo(PDS);
    assertThat(verifier.verify(uploadToken().aud(ENTRYWAY).sign(), UPLOAD).aud())
        .isEqualTo(ENTRYWAY);
  }

  @Test
  void aPolicyWithAlternativesAcceptsEither() throws Exception {
    ServiceAuthPolicy limits = OWN.or(UPLOAD_BLOB, AudienceRule.issuersPds(Set.of()));

    assertThat(verifier.verify(ownToken().sign(), limits).lxm()).isEqualTo(GET_LIMITS);
    assertThat(verifier.verify(uploadToken().aud(PDS).sign(), limits).lxm()).isEqualTo(UPLOAD_BLOB);
    assertRejected(
        () -> verifier.verify(ownToken().aud(PDS).sign(), limits),
        AuthError.BAD_JWT_AUDIENCE,
        "did:web:video.example");
    assertRejected(
        () -> verifier.verify(uploadToken().aud(SERVICE).sign(), limits),
        AuthError.BAD_JWT_AUDIENCE,
        "issuer's PDS");
  }

  @Test
  void acceptsAnIssWithAFragmentAsItsDid() throws Exception {
    assertThat(verifier.verify(ownToken().iss(ALICE + "#atproto_labeler").sign(), OWN).iss())
        .isEqualTo(ALICE);
  }

  @Test
  void acceptsAFractionalExpAsTheBlueskyAppSendsIt() throws Exception {
    Instant exp = now.plusMillis(59_500);

    assertThat(verifier.verify(ownToken().exp(exp).sign(), OWN).exp()).isEqualTo(exp);
  }

  @Test
  void acceptsAKidThatNamesTheAtprotoKeyAndNoTyp() throws Exception {
    verifier.verify(ownToken().kid("#atproto").sign(), OWN);
    verifier.verify(ownToken().kid(ALICE + "#atproto").sign(), OWN);
    verifier.verify(ownToken().typ(null).sign(), OWN);
  }

  // ---- BadJwt ----

  @ParameterizedTest
  @ValueSource(
      strings = {"", "not-a-jwt", "a.b", "a.b.c.d", "!!!.e30.AA", "W10.e30.AA", "e30.bnVsbA.AA"})
  void refusesWhatIsNotAJwt(String token) {
    assertRejected(() -> verifier.verify(token, OWN), AuthError.BAD_JWT, "token");
  }

  @Test
  void refusesMissingOrIllTypedFields() {
    assertRejected(
        () -> verifier.verify(ownToken().alg(null).sign(), OWN),
        AuthError.BAD_JWT,
        "header has no alg");
    assertRejected(
        () -> verifier.verify(ownToken().without("iss").sign(), OWN), AuthError.BAD_JWT, "no iss");
    assertRejected(
        () -> verifier.verify(ownToken().without("aud").sign(), OWN), AuthError.BAD_JWT, "no aud");
    assertRejected(
        () -> verifier.verify(ownToken().without("exp").sign(), OWN), AuthError.BAD_JWT, "no exp");
    assertRejected(
        () -> verifier.verify(ownToken().claimJson("exp", "\"soon\"").sign(), OWN),
        AuthError.BAD_JWT,
        "exp is not a number");
    assertRejected(
        () -> verifier.verify(ownToken().claimJson("exp", "1e300").sign(), OWN),
        AuthError.BAD_JWT,
        "out of range");
    assertRejected(
        () -> verifier.verify(ownToken().claimJson("iss", "5").sign(), OWN),
        AuthError.BAD_JWT,
        "iss is not a string");
    assertRejected(
        () -> verifier.verify(ownToken().claimJson("aud", "[\"" + SERVICE + "\"]").sign(), OWN),
        AuthError.BAD_JWT,
        "aud is not a string");
    assertRejected(
        () -> verifier.verify(ownToken().claimJson("lxm", "true").sign(), OWN),
        AuthError.BAD_JWT,
        "lxm is not a string");
    assertThat(resolver.calls()).isEmpty();
  }

  @Test
  void refusesDuplicateClaimsSoNoOtherParserReadsADifferentAudience() {
    String token = ownToken().sign();
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String doubled = payload.replace("{", "{\"aud\":\"did:web:other.example\",");
    String forged = parts[0] + "." + base64url(doubled) + "." + parts[2];

    assertRejected(() -> verifier.verify(forged, OWN), AuthError.BAD_JWT, "Duplicate field 'aud'");
  }

  @Test
  void refusesASignatureThatIsNotBase64url() {
    String token = ownToken().sign();

    assertRejected(
        () -> verifier.verify(token + "+/", OWN), AuthError.BAD_JWT, "signature is not base64url");
  }

  // ---- BadJwtType ----

  @ParameterizedTest
  @ValueSource(strings = {"at+jwt", "refresh+jwt", "dpop+jwt", "AT+JWT"})
  void refusesOauthTokens(String typ) {
    assertRejected(
        () -> verifier.verify(ownToken().typ(typ).sign(), OWN), AuthError.BAD_JWT_TYPE, typ);
  }

  // ---- JwtExpired ----

  @Test
  void allowsThirtySecondsOfClockSkewAfterExp() throws Exception {
    String token = ownToken().exp(now.plusSeconds(60)).sign();

    clock.advance(Duration.ofSeconds(90));
    verifier.verify(token, OWN);

    clock.advance(Duration.ofMillis(1));
    assertRejected(() -> verifier.verify(token, OWN), AuthError.JWT_EXPIRED, "allowed skew 30 s");
  }

  @Test
  void theSkewIsConfigurable() throws Exception {
    ServiceAuthVerifier strict = new ServiceAuthVerifier(resolver, clock, Duration.ZERO);
    String token = ownToken().exp(now.plusSeconds(60)).sign();

    clock.advance(Duration.ofSeconds(60));
    strict.verify(token, OWN);

    clock.advance(Duration.ofMillis(1));
    assertRejected(() -> strict.verify(token, OWN), AuthError.JWT_EXPIRED, "expired at");
  }

  @Test
  void anExpiredTokenIsRefusedBeforeAnyResolution() {
    String token = ownToken().exp(now.minusSeconds(31)).sign();

    assertRejected(() -> verifier.verify(token, OWN), AuthError.JWT_EXPIRED, "expired");
    assertThat(resolver.calls()).isEmpty();
  }

  // ---- BadJwtLexiconMethod ----

  @Test
  void saysWhetherTheLxmIsMissingOrWrong() {
    assertRejected(
        () -> verifier.verify(ownToken().lxm(null).sign(), OWN),
        AuthError.BAD_JWT_LEXICON_METHOD,
        "token has no lxm; this endpoint requires lxm " + GET_LIMITS);
    assertRejected(
        () -> verifier.verify(ownToken().lxm(UPLOAD_BLOB).sign(), OWN),
        AuthError.BAD_JWT_LEXICON_METHOD,
        "token lxm is " + UPLOAD_BLOB + "; this endpoint requires " + GET_LIMITS);
    assertThat(resolver.calls()).isEmpty();
  }

  // ---- BadJwtAudience ----

  @Test
  void refusesAnotherServicesAudienceWithoutResolvingTheIssuer() {
    assertRejected(
        () -> verifier.verify(ownToken().aud("did:web:other.example").sign(), OWN),
        AuthError.BAD_JWT_AUDIENCE,
        "token aud did:web:other.example is not accepted here");
    assertThat(resolver.calls()).isEmpty();
  }

  @Test
  void refusesAnUploadTokenForAnotherPds() {
    assertRejected(
        () -> verifier.verify(uploadToken().aud("did:web:elsewhere.example").sign(), UPLOAD),
        AuthError.BAD_JWT_AUDIENCE,
        "issuer's PDS or one of [did:web:bsky.social]");
  }

  @Test
  void refusesAnUploadTokenWhenTheIssuerHasNoPds() {
    TestKeyPair key = TestKeys.k256();
    String noPds = "did:plc:nopds222222222222222222";
    resolver.put(TestDidDocument.of(noPds, key).parse());

    assertRejected(
        () -> verifier.verify(key.jwt(now).iss(noPds).aud(PDS).lxm(UPLOAD_BLOB).sign(), UPLOAD),
        AuthError.BAD_JWT_AUDIENCE,
        "issuer's PDS");
  }

  // ---- BadJwtIss ----

  @Test
  void refusesAnIssThatIsNotADid() {
    assertRejected(
        () -> verifier.verify(ownToken().iss("alice.bsky.social").sign(), OWN),
        AuthError.BAD_JWT_ISS,
        "iss is not a DID: alice.bsky.social");
    assertThat(resolver.calls()).isEmpty();
  }

  @Test
  void refusesAnIssuerWhoseDidCannotBeResolved() {
    String ghost = "did:plc:ghost222222222222222222";

    assertRejected(
        () -> verifier.verify(ownToken().iss(ghost).sign(), OWN),
        AuthError.BAD_JWT_ISS,
        "could not resolve the DID document of the token's iss: " + ghost);
  }

  @Test
  void refusesADocumentOfAnotherDid() {
    FakeDidResolver confused = new FakeDidResolver();
    ServiceAuthVerifier misled =
        new ServiceAuthVerifier(new RedirectingResolver(confused, ALICE), clock);
    String mallory = "did:plc:mallory2222222222222222";
    confused.put(TestDidDocument.of(ALICE, aliceKey).parse());

    assertRejected(
        () ->
            misled.verify(aliceKey.jwt(now).iss(mallory).aud(SERVICE).lxm(GET_LIMITS).sign(), OWN),
        AuthError.BAD_JWT_ISS,
        "is that of " + ALICE);
  }

  // ---- BadJwtSignature ----

  @ParameterizedTest
  @ValueSource(
      strings = {"none", "HS256", "RS256", "PS256", "EdDSA", "ES384", "es256k", "whatever"})
  void refusesEveryAlgButEs256kAndEs256BeforeResolving(String alg) {
    assertRejected(
        () -> verifier.verify(ownToken().alg(alg).sign(), OWN),
        AuthError.BAD_JWT_SIGNATURE,
        "alg " + alg + " is not accepted");
    assertThat(resolver.calls()).isEmpty();
  }

  @Test
  void refusesAnAlgThatDoesNotMatchTheKey() {
    assertRejected(
        () -> verifier.verify(ownToken().alg("ES256").sign(), OWN),
        AuthError.BAD_JWT_SIGNATURE,
        "alg ES256 needs a P256 key but the #atproto key of " + ALICE + " is K256");
  }

  @Test
  void refusesHighSAndDerSignaturesBeforeResolving() {
    assertRejected(
        () -> verifier.verify(ownToken().highS().sign(), OWN),
        AuthError.BAD_JWT_SIGNATURE,
        "high-S");
    assertRejected(
        () -> verifier.verify(ownToken().derSignature().sign(), OWN),
        AuthError.BAD_JWT_SIGNATURE,
        "DER is not accepted");
    assertThat(resolver.calls()).isEmpty();
  }

  @Test
  void refusesATamperedPayload() {
    assertRejected(
        () -> verifier.verify(ownToken().tamperedPayload().sign(), OWN),
        AuthError.BAD_JWT_SIGNATURE,
        "does not verify with the #atproto key of " + ALICE);
  }

  @Test
  void refusesATokenSignedWithAnotherKey() {
    String forged = TestKeys.k256().jwt(now).iss(ALICE).aud(SERVICE).lxm(GET_LIMITS).sign();

    assertRejected(
        () -> verifier.verify(forged, OWN), AuthError.BAD_JWT_SIGNATURE, "does not verify");
  }

  @Test
  void refusesAKidOtherThanAtproto() {
    assertRejected(
        () -> verifier.verify(ownToken().kid("#atproto_label").sign(), OWN),
        AuthError.BAD_JWT_SIGNATURE,
        "kid #atproto_label is not accepted");
  }

  @Test
  void refusesAnIssuerWithoutAnAtprotoKey() {
    String keyless = "did:plc:keyless22222222222222222";
    resolver.put(DidDocument.parse("{\"id\":\"" + keyless + "\"}"));

    assertRejected(
        () -> verifier.verify(ownToken().iss(keyless).sign(), OWN),
        AuthError.BAD_JWT_SIGNATURE,
        "has no usable #atproto key");
  }

  private TestServiceJwt ownToken() {
    return aliceKey.jwt(now).iss(ALICE).aud(SERVICE).lxm(GET_LIMITS);
  }

  private TestServiceJwt uploadToken() {
    return aliceKey.jwt(now).iss(ALICE).lxm(UPLOAD_BLOB);
  }

  private static String base64url(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static void assertRejected(ThrowingCallable call, AuthError error, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.error()).isEqualTo(error))
        .hasMessageContaining(messagePart);
  }
}
