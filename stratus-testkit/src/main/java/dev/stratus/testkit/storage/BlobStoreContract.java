package dev.stratus.testkit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.core.storage.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link BlobStore} must do, checked against the real thing. Extend it and return a
 * store on fresh, empty storage from {@link #newStore}, and from {@link #openAnother} a second
 * store on the same storage, as another node would open it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class BlobStoreContract {
  @TempDir protected Path scratch;

  /** A store on fresh, empty storage. */
  protected abstract BlobStore newStore() throws IOException;

  /** Another store on the storage of the latest {@link #newStore}. */
  protected abstract BlobStore openAnother() throws IOException;

  /** An object size that makes the store write in pieces, where it does (S3: several parts). */
  protected long largeObjectBytes() {
    return 20L * 1024 * 1024 + 12_345;
  }

  private static InputStream text(String value) {
    return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void anObjectIsStoredSizedReadInRangesAndDeleted() throws Exception {
    BlobStore store = newStore();
    assertThat(store.put("media/did:plc:a/bafy/video.mp4", text("0123456789"))).isEqualTo(10);

    assertThat(store.size("media/did:plc:a/bafy/video.mp4")).contains(10L);
    assertThat(read(store.open("media/did:plc:a/bafy/video.mp4", 0, 10))).isEqualTo("0123456789");
    assertThat(read(store.open("media/did:plc:a/bafy/video.mp4", 3, 4))).isEqualTo("3456");
    assertThat(read(store.open("media/did:plc:a/bafy/video.mp4", 9, 1))).isEqualTo("9");
    assertThat(read(store.open("media/did:plc:a/bafy/video.mp4", 4, 0))).isEmpty();

    store.delete("media/did:plc:a/bafy/video.mp4");
    assertThat(store.size("media/did:plc:a/bafy/video.mp4")).isEmpty();
    store.delete("media/did:plc:a/bafy/video.mp4");
  }

  @Test
  void aMissingObjectHasNoSizeAndCannotBeRead() throws Exception {
    BlobStore store = newStore();
    assertThat(store.size("uploads/none")).isEmpty();
    assertThatThrownBy(() -> store.copyTo("uploads/none", scratch.resolve("out"))).isInstanceOf(NoSuchFileException.class);
    assertThat(scratch.resolve("out")).doesNotExist();
  }

  @Test
  void aLargeObjectArrivesWholeAndByteForByte() throws Exception {
    BlobStore store = newStore();
    long size = largeObjectBytes();
    Random random = new Random(7);
    byte[] bytes = new byte[(int) size];
    random.nextBytes(bytes);

    assertThat(store.put("uploads/big", new ByteArrayInputStream(bytes))).isEqualTo(size);

    assertThat(store.size("uploads/big")).contains(size);
    Path copy = scratch.resolve("copy");
    store.copyTo("uploads/big", copy);
    assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(bytes));
    try (InputStream tail = store.open("uploads/big", size - 100, 100)) {
      byte[] expected = new byte[100];
      System.arraycopy(bytes, (int) size - 100, expected, 0, 100);
      assertThat(tail.readAllBytes()).isEqualTo(expected);
    }
  }

  @Test
  void aFileIsStoredByCopyOrByMove() throws Exception {
    BlobStore store = newStore();
    Path kept = Files.writeString(scratch.resolve("kept.m3u8"), "#EXTM3U\n");
    Path moved = Files.writeString(scratch.resolve("moved.ts"), "segment");

    store.putFile("media/a/playlist.m3u8", kept, false);
    store.putFile("media/a/0.ts", moved, true);

    assertThat(kept).exists();
    assertThat(read(store.open("media/a/playlist.m3u8", 0, 8))).isEqualTo("#EXTM3U\n");
    assertThat(store.size("media/a/0.ts")).contains(7L);
  }

  @Test
  void writingAKeyAgainReplacesTheObject() throws Exception {
    BlobStore store = newStore();
    store.put("uploads/job", text("first version"));
    store.put("uploads/job", text("second"));
    assertThat(store.size("uploads/job")).contains(6L);
    assertThat(read(store.open("uploads/job", 0, 6))).isEqualTo("second");
  }

  @Test
  void aFailedWriteLeavesNoObject() throws Exception {
    BlobStore store = newStore();
    // Fails after more than one piece's worth, so a store writing in pieces has begun.
    long failAt = largeObjectBytes() / 2;
    InputStream broken = new InputStream() {
      private long sent;

      @Override
      public int read() throws IOException {
        if (sent++ >= failAt) {
          throw new IOException("client went away");
        }
        return 'x';
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (sent >= failAt) {
          throw new IOException("client went away");
        }
        int n = (int) Math.min(len, failAt - sent);
        java.util.Arrays.fill(b, off, off + n, (byte) 'x');
        sent += n;
        return n;
      }
    };

    assertThatThrownBy(() -> store.put("uploads/broken", broken)).hasMessageContaining("client went away");
    assertThat(store.size("uploads/broken")).isEmpty();
  }

  @Test
  void deleteAllTakesOneFolderAndNothingBeside() throws Exception {
    BlobStore store = newStore();
    store.put("media/did:plc:a/x/video.mp4", text("1"));
    store.put("media/did:plc:a/x/360p/0.ts", text("2"));
    store.put("media/did:plc:a/xy/video.mp4", text("3"));

    store.deleteAll("media/did:plc:a/x");
    store.deleteAll("media/did:plc:a/none");

    assertThat(store.size("media/did:plc:a/x/video.mp4")).isEmpty();
    assertThat(store.size("media/did:plc:a/x/360p/0.ts")).isEmpty();
    assertThat(store.size("media/did:plc:a/xy/video.mp4")).contains(1L);
  }

  @Test
  void anotherNodeSeesEveryWriteAndDelete() throws Exception {
    BlobStore store = newStore();
    BlobStore other = openAnother();
    store.put("parts/upload-1/1", text("part one"));
    assertThat(read(other.open("parts/upload-1/1", 0, 8))).isEqualTo("part one");
    other.delete("parts/upload-1/1");
    assertThat(store.size("parts/upload-1/1")).isEmpty();
  }

  @Test
  void keysThatCouldEscapeAreRefused() throws Exception {
    BlobStore store = newStore();
    for (String key : new String[] {"../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", "a b", "a/"}) {
      assertThatThrownBy(() -> store.put(key, text("x"))).as(key).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
