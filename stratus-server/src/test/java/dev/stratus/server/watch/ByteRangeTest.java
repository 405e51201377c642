package dev.stratus.server.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
  @Test
  void noHeaderOrSeveralRangesMeansTheWholeObject() throws Exception {
    assertThat(ByteRange.parse(null, 100)).isEmpty();
    assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isEmpty();
    assertThat(ByteRange.parse("items=0-1", 100)).isEmpty();
  }

  @Test
  void resolvesTheThreeSingleRangeForms() throws Exception {
    assertThat(ByteRange.parse("bytes=10-19", 100)).contains(new ByteRange(10, 10));
    assertThat(ByteRange.parse("bytes=90-", 100)).contains(new ByteRange(90, 10));
    assertThat(ByteRange.parse("bytes=-5", 100)).contains(new ByteRange(95, 5));
    assertThat(ByteRange.parse("bytes=50-1000", 100)).contains(new ByteRange(50, 50));
    assertThat(ByteRange.parse("bytes=-1000", 100)).contains(new ByteRange(0, 100));
  }

  @Test
  void rangesOutsideTheObjectAreUnsatisfiable() {
    assertThatThrownBy(() -> ByteRange.parse("bytes=100-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThatThrownBy(() -> ByteRange.parse("bytes=20-10", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThatThrownBy(() -> ByteRange.parse("bytes=99999999999999999999-", 100))
        .isInstanceOf(ByteRange.Unsatisfiable.class);
  }
}
