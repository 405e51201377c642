package dev.stratus.atproto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CidTest {
  private static final String HELLO_WORLD = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";

  @Test
  void helloWorldHasAtprotosCid() {
    assertThat(Cid.of("hello world".getBytes(StandardCharsets.UTF_8))).isEqualTo(HELLO_WORLD);
  }

  @Test
  void aFileHashesTheSameAsItsBytes(@TempDir Path dir) throws Exception {
    byte[] content = new byte[300_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }
    Path file = Files.write(dir.resolve("blob"), content);
    assertThat(Cid.of(file)).isEqualTo(Cid.of(content)).startsWith("bafkrei").hasSize(59);
  }

  @Test
  void recognisesBlobCids() {
    assertThat(Cid.isBlobCid(HELLO_WORLD)).isTrue();
    assertThat(Cid.isBlobCid("bafyreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e")).isFalse();
    assertThat(Cid.isBlobCid("../etc/passwd")).isFalse();
  }
}
