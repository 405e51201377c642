package dev.stratus.server.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcException;
import dev.stratus.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenLifetimeTest {
  private final MutableClock clock = new MutableClock();
  private final TokenLifetime lifetime = new TokenLifetime(clock, Duration.ofSeconds(15));

  private Caller forwarding(long secondsLeft) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String claims = "{\"iss\":\"did:plc:a\",\"aud\":\"did:web:pds\",\"exp\":" + (clock.instant().getEpochSecond() + secondsLeft) + "}";
    String token = b64.encodeToString("{\"alg\":\"ES256K\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    return new Caller("did:plc:a", token, "https://pds.example");
  }

  @Test
  void aTokenPastItsExpiryIsRefusedEvenWithinTheVerifiersSkew() {
    assertThatThrownBy(() -> lifetime.requireDeliverable(forwarding(-10)))
        .isInstanceOfSatisfying(XrpcException.class, e -> {
          org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(401);
          org.assertj.core.api.Assertions.assertThat(e.error()).isEqualTo("JwtExpired");
        })
        .hasMessageContaining("expired at");
  }

  @Test
  void aTokenWithLessThanTheFastestDeliveryLeftIsRefused() {
    assertThatThrownBy(() -> lifetime.requireDeliverable(forwarding(14))).hasMessageContaining("expires at");
    assertThatCode(() -> lifetime.requireDeliverable(forwarding(15))).doesNotThrowAnyException();
  }

  @Test
  void nothingIsCheckedWhenNothingIsForwarded() {
    Caller dev = new Caller("did:plc:a", forwarding(-1000).token(), null);
    assertThatCode(() -> lifetime.requireDeliverable(dev)).doesNotThrowAnyException();
  }
}
