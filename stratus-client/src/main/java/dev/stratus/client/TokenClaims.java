package dev.stratus.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.lexicon.LexJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JWT's claims, unverified: the services that receive a token verify it; the client only
 * needs its issuer and its expiry.
 */
final class TokenClaims {
  private TokenClaims() {}

  /** The token's {@code iss}: for a service-auth token, the uploader's DID. */
  static String issuer(String token) {
    JsonNode claims = claims(token);
    if (!claims.path("iss").isTextual()) {
      throw new IllegalArgumentException("the token names no issuer (iss)");
    }
    return claims.get("iss").asText();
  }

  /** The token's {@code exp}, or null when it has none. */
  static @Nullable Instant expiry(String token) {
    JsonNode exp = claims(token).path("exp");
    return exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null;
  }

  private static JsonNode claims(String token) {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a JWT: a token has three dot-separated parts");
    }
    try {
      return LexJson.mapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalArgumentException("not a JWT: its claims are not base64url JSON", e);
    }
  }
}
