package dev.stratus.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.lexicon.LexJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads a service-auth token's claims, unverified: the service verifies, the client only needs names. */
final class TokenClaims {
  private TokenClaims() {}

  /** The token's {@code iss}: the uploader's DID. */
  static String issuer(String token) {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a JWT: a service-auth token has three dot-separated parts");
    }
    JsonNode claims;
    try {
      claims = LexJson.mapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalArgumentException("not a JWT: its claims are not base64url JSON", e);
    }
    if (!claims.path("iss").isTextual()) {
      throw new IllegalArgumentException("the token names no issuer (iss)");
    }
    return claims.get("iss").asText();
  }
}
