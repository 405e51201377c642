package dev.stratus.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {
  @TempDir Path root;

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void storesReadsRangesAndDeletes() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    assertThat(store.put("media/did:plc:a/b/video.mp4", bytes("0123456789"))).isEqualTo(10);
    assertThat(store.size("media/did:plc:a/b/video.mp4")).contains(10L);
    try (InputStream in = store.open("media/did:plc:a/b/video.mp4", 3, 4)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3456");
    }
    store.delete("media/did:plc:a/b/video.mp4");
    assertThat(store.size("media/did:plc:a/b/video.mp4")).isEmpty();
    assertThat(root.resolve("media")).doesNotExist();
  }

  @Test
  void aFailedWriteLeavesNothing() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    InputStream broken =
        new InputStream() {
          private int left = 1000;

          @Override
          public int read() throws java.io.IOException {
            if (left-- <= 0) {
              throw new java.io.IOException("client went away");
            }
            return 'x';
          }
        };
    assertThatThrownBy(() -> store.put("uploads/job", broken)).hasMessageContaining("client went away");
    assertThat(store.size("uploads/job")).isEmpty();
    try (var staging = Files.list(root.resolve(".staging"))) {
      assertThat(staging).isEmpty();
    }
  }

  @Test
  void refusesKeysThatCouldEscape() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    for (String key : new String[] {"../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", ".staging/x", "a b"}) {
      assertThatThrownBy(() -> store.put(key, bytes("x"))).as(key).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
