package dev.stratus.testkit.atproto;

import static dev.stratus.testkit.atproto.ServiceAuthVerifierTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.atproto.AudienceRule;
import dev.stratus.atproto.AuthError;
import dev.stratus.atproto.ServiceAuthPolicy;
import dev.stratus.atproto.ServiceAuthVerifier;
import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.atproto.FakeDidResolver.Call;
import dev.stratus.testkit.atproto.FakeDidResolver.Method;
import java.net.URI;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A bad signature makes the verifier re-fetch the issuer's DID document, once. */
class KeyRotationTest {
  private static final String ALICE = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
  private static final String SERVICE = "did:web:video.example";
  private static final String LXM = "app.bsky.video.getUploadLimits";
  private static final ServiceAuthPolicy OWN =
      ServiceAuthPolicy.of(LXM, AudienceRule.serviceDid(SERVICE));

  private final MutableClock clock = new MutableClock();
  private final Instant now = clock.instant();
  private final FakeDidResolver resolver = new FakeDidResolver();
  private final ServiceAuthVerifier verifier = new ServiceAuthVerifier(resolver, clock);
  private final TestKeyPair oldKey = TestKeys.k256();

  KeyRotationTest() {
    resolver.put(TestDidDocument.of(ALICE, oldKey).pds("https://pds.example").parse());
  }

  @Test
  void aTokenFromTheRotatedKeyPassesAfterOneRefresh() throws Exception {
    TestKeyPair newKey = TestKeys.k256();
    resolver.publish(TestDidDocument.of(ALICE, newKey).pds("https://pds.example").parse());

    var token = verifier.verify(token(newKey), OWN);

    assertThat(token.issuerDocument().signingKey()).contains(newKey.publicKey());
    assertThat(resolver.calls())
        .containsExactly(new Call(Method.RESOLVE, ALICE), new Call(Method.REFRESH, ALICE));
  }

  @Test
  void aRotationToAnotherCurveIsFoundTheSameWay() throws Exception {
    TestKeyPair newKey = TestKeys.p256();
    resolver.publish(TestDidDocument.of(ALICE, newKey).parse());

    assertThat(verifier.verify(token(newKey), OWN).issuerDocument().signingKey())
        .contains(newKey.publicKey());
    assertThat(resolver.count(Method.REFRESH, ALICE)).isEqualTo(1);
  }

  @Test
  void aValidTokenNeedsNoRefresh() throws Exception {
    verifier.verify(token(oldKey), OWN);

    assertThat(resolver.calls()).containsExactly(new Call(Method.RESOLVE, ALICE));
  }

  @Test
  void aForgedTokenIsRefusedAfterExactlyOneRefresh() {
    assertRejected(
        () -> verifier.verify(token(TestKeys.k256()), OWN),
        AuthError.BAD_JWT_SIGNATURE,
        "does not verify");

    assertThat(resolver.calls())
        .containsExactly(new Call(Method.RESOLVE, ALICE), new Call(Method.REFRESH, ALICE));
  }

  @Test
  void aFailedRefreshKeepsTheSignatureErrorAndSaysWhy() {
    String forged = token(TestKeys.k256());
    resolver.remove(ALICE);

    assertRejected(
        () -> verifier.verify(forged, OWN),
        AuthError.BAD_JWT_SIGNATURE,
        "re-fetching the DID document failed");
    assertThat(resolver.count(Method.REFRESH, ALICE)).isEqualTo(1);
  }

  @Test
  void aMoveToAnotherPdsIsFoundByTheSameRefresh() throws Exception {
    ServiceAuthPolicy upload =
        ServiceAuthPolicy.of("com.atproto.repo.uploadBlob", AudienceRule.issuersPds(Set.of()));
    resolver.publish(TestDidDocument.of(ALICE, oldKey).pds("https://new-pds.example").parse());
    String token =
        oldKey
            .jwt(now)
            .iss(ALICE)
            .aud("did:web:new-pds.example")
            .lxm("com.atproto.repo.uploadBlob")
            .sign();

    var verified = verifier.verify(token, upload);

    assertThat(verified.issuerDocument().pdsEndpoint())
        .contains(URI.create("https://new-pds.example"));
    assertThat(resolver.count(Method.REFRESH, ALICE)).isEqualTo(1);
  }

  private String token(TestKeyPair key) {
    return key.jwt(now).iss(ALICE).aud(SERVICE).lxm(LXM).sign();
  }
}
