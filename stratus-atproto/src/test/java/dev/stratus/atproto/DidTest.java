package dev.stratus.atproto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DidTest {
  @Test
  void acceptsAtprotoDids() {
    assertThat(Did.isValid("did:plc:z72i7hdynmk6r22z27h6tvur")).isTrue();
    assertThat(Did.isValid("did:web:localhost%3A2583")).isTrue();
  }

  @Test
  void refusesWhatCouldEscapeAPath() {
    assertThat(Did.isValid("did:plc:abc/../x")).isFalse();
    assertThat(Did.isValid("..")).isFalse();
    assertThat(Did.isValid("did:plc:")).isFalse();
    assertThat(Did.isValid("did:plc:abc:")).isFalse();
  }
}
