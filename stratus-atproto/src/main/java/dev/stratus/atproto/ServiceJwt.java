package dev.stratus.atproto;

import static dev.stratus.atproto.AuthError.BAD_JWT;
import static dev.stratus.atproto.AuthError.BAD_JWT_TYPE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A compact service-auth JWT taken apart and type-checked, nothing verified yet. Duplicate JSON
 * keys are refused so that no other parser can read a different {@code aud} or {@code lxm} from the
 * same token.
 */
final class ServiceJwt {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** OAuth token types that must never pass as service auth. */
  private static final Set<String> FOREIGN_TYPES = Set.of("at+jwt", "refresh+jwt", "dpop+jwt");

  /** Far beyond any real expiry, yet inside {@link Instant}'s range. */
  private static final BigDecimal MAX_ABS_EXP = new BigDecimal("1e15");

  final String alg;
  final @Nullable String kid;
  final String iss;
  final String aud;
  final Instant exp;
  final @Nullable String lxm;
  final byte[] signingInput;
  final byte[] signature;

  private ServiceJwt(
      String alg,
      @Nullable String kid,
      String iss,
      String aud,
      Instant exp,
      @Nullable String lxm,
      byte[] signingInput,
      byte[] signature) {
    this.alg = alg;
    this.kid = kid;
    this.iss = iss;
    this.aud = aud;
    this.exp = exp;
    this.lxm = lxm;
    this.signingInput = signingInput;
    this.signature = signature;
  }

  static ServiceJwt parse(String token) throws AuthException {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new AuthException(
          BAD_JWT, "token is not a JWT (expected 3 dot-separated parts, got " + parts.length + ")");
    }
    JsonNode header = jsonPart(parts[0], "header");
    String alg = requiredString(header, "alg", "header");
    String typ = optionalString(header, "typ", "header");
    if (typ != null && FOREIGN_TYPES.contains(typ.toLowerCase(Locale.ROOT))) {
      throw new AuthException(BAD_JWT_TYPE, "token typ " + typ + " is not a service-auth token");
    }
    String kid = optionalString(header, "kid", "header");

    JsonNode claims = jsonPart(parts[1], "payload");
    String iss = requiredString(claims, "iss", "payload");
    String aud = requiredString(claims, "aud", "payload");
    Instant exp = expiry(claims);
    String lxm = optionalString(claims, "lxm", "payload");

    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new AuthException(BAD_JWT, "token signature is not base64url");
    }
    byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    return new ServiceJwt(alg, kid, iss, aud, exp, lxm, signingInput, signature);
  }

  private static JsonNode jsonPart(String part, String name) throws AuthException {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new AuthException(BAD_JWT, "token " + name + " is not base64url");
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new AuthException(BAD_JWT, "token " + name + " is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new AuthException(BAD_JWT, "token " + name + " is not JSON");
    }
    if (node == null || !node.isObject()) {
      throw new AuthException(BAD_JWT, "token " + name + " is not a JSON object");
    }
    return node;
  }

  private static String requiredString(JsonNode object, String field, String part)
      throws AuthException {
    String value = optionalString(object, field, part);
    if (value == null) {
      throw new AuthException(BAD_JWT, "token " + part + " has no " + field);
    }
    return value;
  }

  private static @Nullable String optionalString(JsonNode object, String field, String part)
      throws AuthException {
    JsonNode value = object.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw new AuthException(BAD_JWT, "token " + part + " " + field + " is not a string");
    }
    return value.asText();
  }

  /** A NumericDate; fractional seconds occur in the wild (the Bluesky app sends them). */
  private static Instant expiry(JsonNode claims) throws AuthException {
    JsonNode exp = claims.get("exp");
    if (exp == null) {
      throw new AuthException(BAD_JWT, "token payload has no exp");
    }
    if (!exp.isNumber()) {
      throw new AuthException(BAD_JWT, "token payload exp is not a number");
    }
    BigDecimal value = exp.decimalValue();
    if (value.abs().compareTo(MAX_ABS_EXP) > 0) {
      throw new AuthException(BAD_JWT, "token payload exp is out of range: " + exp);
    }
    BigDecimal seconds = value.setScale(0, RoundingMode.FLOOR);
    long nanos =
        value.subtract(seconds).movePointRight(9).setScale(0, RoundingMode.FLOOR).longValue();
    return Instant.ofEpochSecond(seconds.longValueExact(), nanos);
  }
}
