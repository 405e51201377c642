package dev.stratus.atproto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DidDocumentTest {
  private static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
  private static final String K256 = "zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc";
  private static final String P256 = "zDnaembgSGUhZULN2Caob4HLJPaxBh92N7rtH21TErzqf8HQo";

  @Test
  void readsAPlcDocumentWithFullyQualifiedIds() {
    DidDocument doc =
        DidDocument.parse(
            document(
                method(DID + "#atproto", "Multikey", K256),
                pds(DID + "#atproto_pds", "https://morel.us-east.host.bsky.network")));

    assertThat(doc.id()).isEqualTo(DID);
    assertThat(doc.signingKey()).contains(Multikey.decode(K256));
    assertThat(doc.pdsEndpoint()).contains(URI.create("https://morel.us-east.host.bsky.network"));
    assertThat(doc.pdsAudience()).contains("did:web:morel.us-east.host.bsky.network");
  }

  @Test
  void readsRelativeIds() {
    DidDocument doc =
        DidDocument.parse(
            document(
                method("#atproto", "Multikey", P256), pds("#atproto_pds", "https://pds.example")));

    assertThat(doc.signingKey())
        .hasValueSatisfying(k -> assertThat(k.type()).isEqualTo(KeyType.P256));
    assertThat(doc.pdsEndpoint()).contains(URI.create("https://pds.example"));
  }

  @Test
  void readsBothLegacyKeyTypes() {
    String k256Legacy = LegacyMultibaseKey.encode(Multikey.decode(K256));
    String p256Legacy = LegacyMultibaseKey.encode(Multikey.decode(P256));

    assertThat(
            DidDocument.parse(
                    document(method("#atproto", "EcdsaSecp256k1VerificationKey2019", k256Legacy)))
                .signingKey())
        .contains(Multikey.decode(K256));
    assertThat(
            DidDocument.parse(
                    document(method("#atproto", "EcdsaSecp256r1VerificationKey2019", p256Legacy)))
                .signingKey())
        .contains(Multikey.decode(P256));
  }

  @Test
  void theCurveOfALegacyKeyComesFromItsType() {
    // A P-256 point labelled secp256k1 is no point on secp256k1, so the method is unusable.
    String p256Legacy = LegacyMultibaseKey.encode(Multikey.decode(P256));

    DidDocument doc =
        DidDocument.parse(
            document(method("#atproto", "EcdsaSecp256k1VerificationKey2019", p256Legacy)));

    assertThat(doc.signingKey()).isEmpty();
  }

  @Test
  void ignoresOtherKeysAndTakesTheFirstValidAtprotoKey() {
    DidDocument doc =
        DidDocument.parse(
            document(
                method("#atproto_label", "Multikey", P256),
                method("#atproto", "JsonWebKey2020", P256),
                method("#atproto", "Multikey", "znot-base58"),
                method(DID + "#atproto", "Multikey", K256),
                method("#atproto", "Multikey", P256)));

    assertThat(doc.signingKey()).contains(Multikey.decode(K256));
  }

  @Test
  void hasNoKeyOrPdsWhenTheDocumentLacksThem() {
    DidDocument doc = DidDocument.parse("{\"id\":\"" + DID + "\"}");

    assertThat(doc.signingKey()).isEmpty();
    assertThat(doc.pdsEndpoint()).isEmpty();
    assertThat(doc.pdsAudience()).isEmpty();
  }

  @Test
  void takesOnlyAnHttpPdsServiceOfTheRightType() {
    assertThat(pdsOf(pds("#atproto_pds", "ftp://pds.example"))).isEmpty();
    assertThat(pdsOf(pds("#atproto_pds", "not a url"))).isEmpty();
    assertThat(pdsOf(pds("#atproto_labeler", "https://pds.example"))).isEmpty();
    assertThat(
            pdsOf(
                "{\"id\":\"#atproto_pds\",\"type\":\"BskyFeedGenerator\","
                    + "\"serviceEndpoint\":\"https://x.example\"}"))
        .isEmpty();
    assertThat(pdsOf(pds("#atproto_pds", "http://localhost:2583")))
        .contains(URI.create("http://localhost:2583"));
  }

  @Test
  void pdsAudienceIsTheHostWithoutPortAsThePdsNamesItself() {
    DidDocument local = DidDocument.parse(document(pds("#atproto_pds", "http://localhost:2583")));
    DidDocument upper =
        DidDocument.parse(document(pds("#atproto_pds", "https://PDS.Example.com/")));

    assertThat(local.pdsAudience()).contains("did:web:localhost");
    assertThat(upper.pdsAudience()).contains("did:web:pds.example.com");
  }

  @Test
  void refusesWhatIsNotADidDocument() {
    assertThatThrownBy(() -> DidDocument.parse("[]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> DidDocument.parse("{")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> DidDocument.parse("{\"id\": 5}")).hasMessageContaining("no string id");
  }

  private static Optional<URI> pdsOf(String service) {
    return DidDocument.parse(document(service)).pdsEndpoint();
  }

  private static String document(String... entries) {
    StringBuilder methods = new StringBuilder();
    StringBuilder services = new StringBuilder();
    for (String entry : entries) {
      StringBuilder target = entry.contains("serviceEndpoint") ? services : methods;
      target.append(target.isEmpty() ? "" : ",").append(entry);
    }
    return "{\"id\":\""
        + DID
        + "\",\"verificationMethod\":["
        + methods
        + "],\"service\":["
        + services
        + "]}";
  }

  private static String method(String id, String type, String multibase) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\",\"controller\":\""
        + DID
        + "\",\"publicKeyMultibase\":\""
        + multibase
        + "\"}";
  }

  private static String pds(String id, String endpoint) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\""
        + endpoint
        + "\"}";
  }
}
