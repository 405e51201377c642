package dev.stratus.server.xrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MinimumRateStreamTest {
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong();

  /** A body whose every read takes {@code secondsPerRead} on the test's clock. */
  private InputStream body(int size, double secondsPerRead) {
    return new ByteArrayInputStream(new byte[size]) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        now.addAndGet((long) (secondsPerRead * SECOND));
        return super.read(b, off, len);
      }
    };
  }

  private MinimumRateStream stream(InputStream body) {
    return new MinimumRateStream(body, 1000, Duration.ofSeconds(10), now::get);
  }

  @Test
  void aBodyAboveTheFloorIsReadWhole() throws IOException {
    // 100 bytes per second of clock, against a floor of 1000 B/s: 1000 bytes per read at 0.5 s.
    try (MinimumRateStream in = stream(body(100_000, 0.5))) {
      assertThat(in.readNBytes(100_000 + 1).length).isEqualTo(100_000);
    }
  }

  @Test
  void aTrickleIsCutOffOnceAWholeWindowRanBelowTheFloor() throws IOException {
    try (MinimumRateStream in = stream(body(100_000, 1))) {
      byte[] buffer = new byte[100];
      for (int i = 0; i < 9; i++) {
        assertThat(in.read(buffer)).isEqualTo(100);
      }
      assertThatThrownBy(() -> in.read(buffer))
          .isInstanceOf(MinimumRateStream.TooSlow.class)
          .hasMessageContaining("100 bytes/s over the last 10 s")
          .hasMessageContaining("at least 1000 bytes/s");
    }
  }

  @Test
  void aFastStartDoesNotBuyASlowFinish() throws IOException {
    try (MinimumRateStream in = stream(body(1_000_000, 1))) {
      // Ten seconds at 50 kB/s, then the client slows to 100 B/s.
      for (int i = 0; i < 10; i++) {
        in.readNBytes(new byte[50_000], 0, 50_000);
      }
      byte[] small = new byte[100];
      assertThatThrownBy(() -> {
        for (int i = 0; i < 20; i++) {
          in.read(small);
        }
      }).isInstanceOf(MinimumRateStream.TooSlow.class);
    }
  }
}
