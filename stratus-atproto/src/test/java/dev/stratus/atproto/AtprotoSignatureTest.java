package dev.stratus.atproto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The atproto interop signature fixtures: low-S valid; high-S and DER invalid; both curves. */
class AtprotoSignatureTest {
  static Stream<JsonNode> fixtures() {
    List<JsonNode> fixtures = CryptoVectors.load("signature-fixtures.json");
    assertThat(fixtures).hasSize(6);
    return fixtures.stream();
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("fixtures")
  void verifiesExactlyTheValidFixturesWithTheDidKey(JsonNode fixture) {
    SigningKey key = Multikey.decodeDidKey(fixture.get("publicKeyDid").asText());

    assertThat(key.type().jwsAlgorithm()).isEqualTo(fixture.get("algorithm").asText());
    assertThat(AtprotoSignature.verify(key, message(fixture), signature(fixture)))
        .isEqualTo(fixture.get("validSignature").asBoolean());
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("fixtures")
  void verifiesExactlyTheValidFixturesWithTheLegacyKey(JsonNode fixture) {
    KeyType type = KeyType.forLegacyTypeName(fixture.get("didDocSuite").asText()).orElseThrow();
    SigningKey key = LegacyMultibaseKey.decode(type, fixture.get("publicKeyMultibase").asText());

    assertThat(AtprotoSignature.verify(key, message(fixture), signature(fixture)))
        .isEqualTo(fixture.get("validSignature").asBoolean());
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("fixtures")
  void namesWhyTheInvalidFixturesAreRefused(JsonNode fixture) {
    SigningKey key = Multikey.decodeDidKey(fixture.get("publicKeyDid").asText());
    String tags = fixture.get("tags").toString();

    var problem = AtprotoSignature.formProblem(key.type(), signature(fixture));

    if (tags.contains("high-s")) {
      assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains("high-S"));
    } else if (tags.contains("der-encoded")) {
      assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains("DER"));
    } else {
      assertThat(problem).isEmpty();
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("fixtures")
  void refusesAValidSignatureOfAnotherMessage(JsonNode fixture) {
    SigningKey key = Multikey.decodeDidKey(fixture.get("publicKeyDid").asText());
    byte[] message = message(fixture);
    message[0] ^= 1;

    assertThat(AtprotoSignature.verify(key, message, signature(fixture))).isFalse();
  }

  private static byte[] message(JsonNode fixture) {
    return Base64.getDecoder().decode(fixture.get("messageBase64").asText());
  }

  private static byte[] signature(JsonNode fixture) {
    return Base64.getDecoder().decode(fixture.get("signatureBase64").asText());
  }
}
