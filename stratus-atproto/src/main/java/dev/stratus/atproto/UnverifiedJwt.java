package dev.stratus.atproto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;

/**
 * The claims of a JWT read <em>without</em> checking its signature. Only the development-mode
 * authenticator may trust this; production verifies the signature against the issuer's DID document.
 */
public record UnverifiedJwt(String iss, String aud, long exp, String lxm) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Decodes a compact JWT; throws {@link IllegalArgumentException} naming what is wrong. */
  public static UnverifiedJwt decode(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("token is not a JWT (expected 3 dot-separated parts)");
    }
    JsonNode claims;
    try {
      claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IllegalArgumentException | IOException e) {
      throw new IllegalArgumentException("token payload is not base64url JSON");
    }
    if (claims == null || !claims.isObject()) {
      throw new IllegalArgumentException("token payload is not a JSON object");
    }
    JsonNode iss = claims.get("iss");
    if (iss == null || !iss.isTextual()) {
      throw new IllegalArgumentException("token has no iss");
    }
    return new UnverifiedJwt(
        iss.asText(), claims.path("aud").asText(""), claims.path("exp").asLong(0), claims.path("lxm").asText(""));
  }
}
