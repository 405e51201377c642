package dev.stratus.testkit.atproto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.atproto.AtprotoSignature;
import dev.stratus.atproto.DidDocument;
import dev.stratus.atproto.KeyType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestKeysTest {
  private static final byte[] MESSAGE = "header.payload".getBytes(StandardCharsets.US_ASCII);

  @Test
  void rendersKeysAsAtprotoWritesThem() {
    assertThat(TestKeys.k256().multikey()).startsWith("zQ3sh");
    assertThat(TestKeys.p256().multikey()).startsWith("zDnae");
    assertThat(TestKeys.k256().didKey()).startsWith("did:key:zQ3sh");
  }

  @Test
  void aKnownPrivateKeyGivesItsPublishedDidKey() {
    // The first entry of the W3C did:key secp256k1 vectors.
    TestKeyPair key =
        TestKeys.fromPrivateKey(
            KeyType.K256,
            HexFormat.of()
                .parseHex("9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c"));

    assertThat(key.didKey()).isEqualTo("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme");
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void signsLowSCompactAndCanBreakItOnPurpose(KeyType type) {
    TestKeyPair key = TestKeys.generate(type);

    assertThat(AtprotoSignature.verify(key.publicKey(), MESSAGE, key.sign(MESSAGE))).isTrue();
    assertThat(AtprotoSignature.formProblem(type, key.signHighS(MESSAGE)))
        .hasValueSatisfying(p -> assertThat(p).contains("high-S"));
    assertThat(key.signDer(MESSAGE)[0]).isEqualTo((byte) 0x30);
    assertThat(AtprotoSignature.verify(key.publicKey(), MESSAGE, key.signDer(MESSAGE))).isFalse();
  }

  @Test
  void writesDidDocumentsTheVerifierReads() {
    TestKeyPair key = TestKeys.p256();
    String did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

    DidDocument plain = DidDocument.parse(key.didDocumentJson(did, "http://localhost:2583"));
    DidDocument legacy =
        TestDidDocument.of(did, key).legacyKeyEncoding().relativeIds().handle("alice.test").parse();

    assertThat(plain.signingKey()).contains(key.publicKey());
    assertThat(plain.pdsEndpoint()).contains(URI.create("http://localhost:2583"));
    assertThat(legacy.signingKey()).contains(key.publicKey());
    assertThat(TestDidDocument.of(did, key).legacyKeyEncoding().json())
        .contains("EcdsaSecp256r1VerificationKey2019");
  }

  @Test
  void writesTokensShapedLikeAPdsMakesThem() throws Exception {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    String token = TestKeys.k256().jwt(now).iss("did:plc:a").aud("did:web:b").lxm("x.y.z").sign();
    String[] parts = token.split("\\.");
    ObjectMapper json = new ObjectMapper();
    JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));

    assertThat(header.toString()).isEqualTo("{\"typ\":\"JWT\",\"alg\":\"ES256K\"}");
    assertThat(claims.get("iat").asLong()).isEqualTo(now.getEpochSecond());
    assertThat(claims.get("exp").asLong()).isEqualTo(now.getEpochSecond() + 60);
    assertThat(claims.get("jti").asText()).matches("[0-9a-f]{32}");
    assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(64);
    assertThat(parts[2]).doesNotContain("=");
  }
}
