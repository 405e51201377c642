package dev.stratus.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the bytes of one upload as request bodies are read, for an {@link UploadListener}. Each
 * body is read through {@link #counting}; a body whose request failed is {@link Attempt#undo undone}
 * so that sending it again is not counted twice.
 */
final class SentBytes {
  private final AtomicLong sent = new AtomicLong();
  private final long total;
  private final UploadListener listener;

  SentBytes(long total, UploadListener listener) {
    this.total = total;
    this.listener = listener;
  }

  /** One attempt at sending one body: what it has counted, so a failure can take it back. */
  final class Attempt {
    private final AtomicLong counted = new AtomicLong();

    InputStream counting(InputStream body) {
      return new FilterInputStream(body) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            add(1);
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = super.read(buffer, offset, length);
          if (n > 0) {
            add(n);
          }
          return n;
        }
      };
    }

    void undo() {
      long back = counted.getAndSet(0);
      if (back > 0) {
        listener.sent(sent.addAndGet(-back), total);
      }
    }

    private void add(int n) {
      counted.addAndGet(n);
      listener.sent(sent.addAndGet(n), total);
    }
  }

  Attempt attempt() {
    return new Attempt();
  }
}
