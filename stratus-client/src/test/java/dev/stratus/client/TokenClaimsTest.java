package dev.stratus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenClaimsTest {
  private static String jwt(String claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"ES256K\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
  }

  @Test
  void theIssuerIsTheUploader() {
    assertThat(TokenClaims.issuer(jwt("{\"iss\":\"did:plc:abc\",\"aud\":\"did:web:pds\"}"))).isEqualTo("did:plc:abc");
  }

  @Test
  void theExpiryIsReadWhenThereIsOne() {
    assertThat(TokenClaims.expiry(jwt("{\"iss\":\"did:plc:abc\",\"exp\":1800000000}")))
        .isEqualTo(java.time.Instant.ofEpochSecond(1_800_000_000L));
    assertThat(TokenClaims.expiry(jwt("{\"iss\":\"did:plc:abc\"}"))).isNull();
  }

  @Test
  void whatIsNotAServiceTokenIsSaidPlainly() {
    assertThatThrownBy(() -> TokenClaims.issuer("opaque-token")).hasMessageContaining("three dot-separated parts");
    assertThatThrownBy(() -> TokenClaims.issuer("a.%%%.c")).hasMessageContaining("not base64url JSON");
    assertThatThrownBy(() -> TokenClaims.issuer(jwt("{\"aud\":\"x\"}"))).hasMessageContaining("no issuer");
  }
}
