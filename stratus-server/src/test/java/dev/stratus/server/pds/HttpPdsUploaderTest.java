package dev.stratus.server.pds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpPdsUploaderTest {
  @Test
  void aLimitNamedInARefusalIsRead() {
    assertThat(HttpPdsUploader.statedLimit("PayloadTooLarge: request entity too large")).isEmpty();
    assertThat(HttpPdsUploader.statedLimit("BlobTooLarge: Blob too large. Max size: 5242880 bytes")).hasValue(5_242_880);
    assertThat(HttpPdsUploader.statedLimit("the limit is 50MB")).hasValue(50_000_000);
    assertThat(HttpPdsUploader.statedLimit("uploads are limited to 1.5 MiB")).hasValue(1_572_864);
    assertThat(HttpPdsUploader.statedLimit("error 413 from the proxy")).isEmpty();
  }
}
