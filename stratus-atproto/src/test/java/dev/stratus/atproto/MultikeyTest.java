package dev.stratus.atproto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.HexFormat;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.junit.jupiter.api.Test;

class MultikeyTest {
  @Test
  void k256DidKeysOfTheW3cVectorsHoldThePublicKeyOfTheirPrivateKey() {
    for (JsonNode vector : CryptoVectors.load("w3c_didkey_K256.json")) {
      byte[] privateKey = HexFormat.of().parseHex(vector.get("privateKeyBytesHex").asText());
      String didKey = vector.get("publicDidKey").asText();

      SigningKey key = Multikey.decodeDidKey(didKey);

      assertThat(key.type()).isEqualTo(KeyType.K256);
      assertThat(key.compressedPoint()).containsExactly(publicPoint("secp256k1", privateKey));
      assertThat(Multikey.encodeDidKey(key)).isEqualTo(didKey);
      assertThat(didKey).startsWith("did:key:zQ3sh");
    }
  }

  @Test
  void p256DidKeyOfTheW3cVectorHoldsThePublicKeyOfItsPrivateKey() {
    for (JsonNode vector : CryptoVectors.load("w3c_didkey_P256.json")) {
      byte[] privateKey = Base58btc.decode(vector.get("privateKeyBytesBase58").asText());
      String didKey = vector.get("publicDidKey").asText();

      SigningKey key = Multikey.decodeDidKey(didKey);

      assertThat(key.type()).isEqualTo(KeyType.P256);
      assertThat(key.compressedPoint()).containsExactly(publicPoint("secp256r1", privateKey));
      assertThat(Multikey.encodeDidKey(key)).isEqualTo(didKey);
      assertThat(didKey).startsWith("did:key:zDnae");
    }
  }

  @Test
  void decodesTheCryptographySpecExamples() {
    assertThat(Multikey.decode("zDnaembgSGUhZULN2Caob4HLJPaxBh92N7rtH21TErzqf8HQo").type())
        .isEqualTo(KeyType.P256);
    assertThat(Multikey.decode("zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc").type())
        .isEqualTo(KeyType.K256);
  }

  @Test
  void legacyEncodingOfTheFixturesIsTheSameKeyAsTheirDidKey() {
    for (JsonNode fixture : CryptoVectors.load("signature-fixtures.json")) {
      KeyType type = KeyType.forLegacyTypeName(fixture.get("didDocSuite").asText()).orElseThrow();
      SigningKey legacy =
          LegacyMultibaseKey.decode(type, fixture.get("publicKeyMultibase").asText());
      SigningKey multikey = Multikey.decodeDidKey(fixture.get("publicKeyDid").asText());

      assertThat(legacy.type()).isEqualTo(multikey.type());
      assertThat(legacy.compressedPoint()).containsExactly(multikey.compressedPoint());
    }
  }

  @Test
  void legacyEncodingRoundTripsThroughTheUncompressedPoint() {
    SigningKey key = Multikey.decode("zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc");

    String legacy = LegacyMultibaseKey.encode(key);

    assertThat(Multibase.decodeBase58btc(legacy)).hasSize(65).startsWith(0x04);
    assertThat(LegacyMultibaseKey.decode(KeyType.K256, legacy)).isEqualTo(key);
  }

  @Test
  void refusesWhatIsNotAnAtprotoMultikey() {
    SigningKey key = Multikey.decode("zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc");
    byte[] ed25519 = new byte[34];
    ed25519[0] = (byte) 0xed;
    ed25519[1] = 0x01;

    assertThatThrownBy(() -> Multikey.decode("Q3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc"))
        .hasMessageContaining("expected prefix 'z'");
    assertThatThrownBy(() -> Multikey.decode(Multibase.encodeBase58btc(ed25519)))
        .hasMessageContaining("unsupported multicodec");
    assertThatThrownBy(
            () ->
                Multikey.decode(
                    Multibase.encodeBase58btc(prefixed(KeyType.K256, key.uncompressedPoint()))))
        .hasMessageContaining("33-byte compressed point");
    assertThatThrownBy(() -> Multikey.decodeDidKey("did:plc:z72i7hdynmk6r22z27h6tvur"))
        .hasMessageContaining("not a did:key");
  }

  @Test
  void refusesBytesThatAreNoPointOnTheCurve() {
    byte[] notOnCurve = new byte[33];
    notOnCurve[0] = 0x02;
    notOnCurve[32] = 5; // x = 5 has no y on secp256k1 (5^3 + 7 = 132 is no square mod p)

    assertThatThrownBy(() -> KeyType.K256.publicKey(notOnCurve))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a secp256k1 point");
    assertThatThrownBy(() -> LegacyMultibaseKey.decode(KeyType.P256, "z1111"))
        .hasMessageContaining("EcdsaSecp256r1VerificationKey2019");
  }

  private static byte[] prefixed(KeyType type, byte[] point) {
    byte[] prefix = type.multicodecPrefix();
    byte[] out = new byte[prefix.length + point.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(point, 0, out, prefix.length, point.length);
    return out;
  }

  private static byte[] publicPoint(String curve, byte[] privateKey) {
    return CustomNamedCurves.getByName(curve)
        .getG()
        .multiply(new BigInteger(1, privateKey))
        .normalize()
        .getEncoded(true);
  }
}
