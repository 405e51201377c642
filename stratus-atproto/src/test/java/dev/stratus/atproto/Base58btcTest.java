package dev.stratus.atproto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Base58btcTest {
  @Test
  void decodesTheBitcoinAlphabet() {
    // "Hello World!" is the classic base58 example.
    assertThat(new String(Base58btc.decode("2NEpo7TZRRrLZSi2U"), StandardCharsets.US_ASCII))
        .isEqualTo("Hello World!");
    assertThat(Base58btc.encode("Hello World!".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("2NEpo7TZRRrLZSi2U");
  }

  @Test
  void keepsLeadingZeroBytesAsOnes() {
    byte[] bytes = {0, 0, 1, (byte) 0xff};
    assertThat(Base58btc.encode(bytes)).startsWith("11");
    assertThat(Base58btc.decode(Base58btc.encode(bytes))).containsExactly(bytes);
    assertThat(Base58btc.decode("")).isEmpty();
    assertThat(Base58btc.decode("111")).containsExactly(0, 0, 0);
  }

  @Test
  void roundTripsEveryByteValue() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (255 - i);
    }
    assertThat(Base58btc.decode(Base58btc.encode(bytes))).containsExactly(bytes);
  }

  @Test
  void refusesCharactersOutsideTheAlphabet() {
    // 0, O, I and l are left out of base58 because they look alike.
    assertThatThrownBy(() -> Base58btc.decode("abc0")).hasMessageContaining("'0' at index 3");
    assertThatThrownBy(() -> Base58btc.decode("Il")).hasMessageContaining("'I'");
    assertThatThrownBy(() -> Base58btc.decode("é")).isInstanceOf(IllegalArgumentException.class);
  }
}
