package dev.stratus.testkit.atproto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * A service-auth JWT as a PDS's {@code getServiceAuth} makes it ({@code {"typ":"JWT","alg":…}};
 * {@code iat}, {@code iss}, {@code aud}, {@code exp} = iat + 60 s, {@code lxm}, {@code jti}), with
 * switches to break it in every way a verifier must notice. {@code iss}, {@code aud} and {@code
 * lxm} start unset.
 */
public final class TestServiceJwt {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /** How the signature part is written. */
  private enum SignatureForm {
    LOW_S,
    HIGH_S,
    DER
  }

  private final TestKeyPair key;
  private final ObjectNode header = JSON.createObjectNode();
  private final ObjectNode claims = JSON.createObjectNode();
  private SignatureForm form = SignatureForm.LOW_S;
  private boolean tamperPayload;

  TestServiceJwt(TestKeyPair key, Instant now) {
    this.key = key;
    header.put("typ", "JWT");
    header.put("alg", key.type().jwsAlgorithm());
    claims.put("iat", now.getEpochSecond());
    exp(now.plus(Duration.ofSeconds(60)));
    byte[] jti = new byte[16];
    new SecureRandom().nextBytes(jti);
    claims.put("jti", HexFormat.of().formatHex(jti));
  }

  public TestServiceJwt iss(String iss) {
    claims.put("iss", iss);
    return this;
  }

  public TestServiceJwt aud(String aud) {
    claims.put("aud", aud);
    return this;
  }

  /** Sets {@code lxm}, or removes it when null. */
  public TestServiceJwt lxm(@Nullable String lxm) {
    return setOrRemove(claims, "lxm", lxm);
  }

  /**
   * Sets {@code exp}, with fractional seconds if the instant has them (as the Bluesky app does).
   */
  public TestServiceJwt exp(Instant exp) {
    if (exp.getNano() == 0) {
      claims.put("exp", exp.getEpochSecond());
    } else {
      claims.put(
          "exp",
          BigDecimal.valueOf(exp.getEpochSecond()).add(BigDecimal.valueOf(exp.getNano(), 9)));
    }
    return this;
  }

  /** Overrides the {@code alg} header (the signature is still made with this key's curve). */
  public TestServiceJwt alg(@Nullable String alg) {
    return setOrRemove(header, "alg", alg);
  }

  /** Sets the {@code typ} header, or removes it when null. */
  public TestServiceJwt typ(@Nullable String typ) {
    return setOrRemove(header, "typ", typ);
  }

  /** Sets the {@code kid} header. */
  public TestServiceJwt kid(String kid) {
    header.put("kid", kid);
    return this;
  }

  /** Replaces any claim with a raw JSON value, e.g. {@code claimJson("exp", "\"tomorrow\"")}. */
  public TestServiceJwt claimJson(String name, String json) {
    try {
      claims.set(name, JSON.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
    return this;
  }

  /** Drops a claim. */
  public TestServiceJwt without(String claim) {
    claims.remove(claim);
    return this;
  }

  /** Signs with the high-S twin of the signature: valid ECDSA that atproto refuses. */
  public TestServiceJwt highS() {
    form = SignatureForm.HIGH_S;
    return this;
  }

  /** Writes the signature DER-encoded instead of compact r‖s. */
  public TestServiceJwt derSignature() {
    form = SignatureForm.DER;
    return this;
  }

  /** Changes the payload after signing (adds a claim), so the signature no longer matches. */
  public TestServiceJwt tamperedPayload() {
    tamperPayload = true;
    return this;
  }

  /** The compact JWT {@code header.payload.signature}. */
  public String sign() {
    String signingInput = encode(header) + "." + encode(claims);
    byte[] message = signingInput.getBytes(StandardCharsets.US_ASCII);
    byte[] signature =
        switch (form) {
          case LOW_S -> key.sign(message);
          case HIGH_S -> key.signHighS(message);
          case DER -> key.signDer(message);
        };
    String payload = encode(claims);
    if (tamperPayload) {
      payload = encode(claims.deepCopy().put("tampered", true));
    }
    return encode(header) + "." + payload + "." + BASE64URL.encodeToString(signature);
  }

  private static String encode(ObjectNode node) {
    return BASE64URL.encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
  }

  private TestServiceJwt setOrRemove(ObjectNode node, String field, @Nullable String value) {
    if (value == null) {
      node.remove(field);
    } else {
      node.put(field, value);
    }
    return this;
  }
}
