package dev.stratus.server.upload;

import dev.stratus.core.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real file store with one pause point: while armed, the first {@link #open} of a part blocks
 * until released, so a test can hold a finish in the middle of joining its parts.
 */
final class PausingBlobStore implements BlobStore {
  private final BlobStore delegate;
  private volatile CountDownLatch paused = new CountDownLatch(0);
  private volatile CountDownLatch release = new CountDownLatch(0);

  PausingBlobStore(BlobStore delegate) {
    this.delegate = delegate;
  }

  /** The next read of a part waits for {@link #release()}; returns a latch counted down when it waits. */
  CountDownLatch pauseNextPartRead() {
    paused = new CountDownLatch(1);
    release = new CountDownLatch(1);
    return paused;
  }

  void release() {
    release.countDown();
  }

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    if (key.startsWith("parts/") && paused.getCount() > 0) {
      paused.countDown();
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IOException("the test never released the paused read");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    return delegate.open(key, offset, length);
  }

  @Override
  public long put(String key, InputStream content) throws IOException {
    return delegate.put(key, content);
  }

  @Override
  public void putFile(String key, Path file, boolean moveAllowed) throws IOException {
    delegate.putFile(key, file, moveAllowed);
  }

  @Override
  public Optional<Long> size(String key) throws IOException {
    return delegate.size(key);
  }

  @Override
  public void copyTo(String key, Path target) throws IOException {
    delegate.copyTo(key, target);
  }

  @Override
  public void delete(String key) throws IOException {
    delegate.delete(key);
  }

  @Override
  public void deleteAll(String folder) throws IOException {
    delegate.deleteAll(folder);
  }
}
