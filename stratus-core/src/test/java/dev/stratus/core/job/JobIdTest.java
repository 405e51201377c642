package dev.stratus.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Job ids carry 128 random bits and no structure a guess could use. */
class JobIdTest {
  private static final int COUNT = 20_000;
  private final JobId ids = new JobId();

  private List<String> many() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      all.add(ids.next());
    }
    return all;
  }

  @Test
  void idsAreValidDistinctAndOfTheNewLength() {
    List<String> all = many();
    assertThat(new HashSet<>(all)).hasSize(COUNT);
    assertThat(all).allSatisfy(id -> {
      assertThat(id).hasSize(26);
      assertThat(JobId.isValid(id)).isTrue();
    });
  }

  @Test
  void everyPositionIsUniformlyRandom() {
    List<String> all = many();
    // 25 characters carry 5 bits each; the 26th carries the last 3 bits, padded: 0, 4, … 28.
    for (int position = 0; position < 26; position++) {
      int step = position < 25 ? 1 : 4;
      int symbols = 32 / step;
      int[] counts = new int[32];
      for (String id : all) {
        counts[Character.digit(id.charAt(position), 32)]++;
      }
      double expected = (double) COUNT / symbols;
      double chiSquare = 0;
      for (int symbol = 0; symbol < 32; symbol++) {
        if (symbol % step == 0 || counts[symbol] > 0) {
          chiSquare += Math.pow(counts[symbol] - expected, 2) / expected;
        }
      }
      // Far beyond the 99.99th percentile of chi-square with 31 degrees of freedom (~70).
      assertThat(chiSquare).as("position %d", position).isLessThan(100);
    }
  }

  @Test
  void consecutiveIdsShareNoPrefixAndNoOrder() {
    List<String> all = many();
    int ascending = 0;
    long sharedPrefix = 0;
    for (int i = 1; i < all.size(); i++) {
      String previous = all.get(i - 1);
      String next = all.get(i);
      ascending += next.compareTo(previous) > 0 ? 1 : 0;
      int common = 0;
      while (common < 26 && previous.charAt(common) == next.charAt(common)) {
        common++;
      }
      sharedPrefix += common;
    }
    // By chance: half ascend, and the mean shared prefix is 1/31 of a character.
    assertThat((double) ascending / (COUNT - 1)).isBetween(0.47, 0.53);
    assertThat((double) sharedPrefix / (COUNT - 1)).isLessThan(0.06);
  }

  @Test
  void earlierIdsStayValidAndNothingElseIs() {
    assertThat(JobId.isValid("dc84kehltnk9kjbun9m0")).isTrue();
    assertThat(JobId.isValid("../../etc/passwd")).isFalse();
    assertThat(JobId.isValid("dc84kehltnk9kjbun9m0x")).isFalse();
    assertThat(JobId.isValid("DC84KEHLTNK9KJBUN9M0")).isFalse();
    assertThat(JobId.isValid("dc84kehltnk9kjbun9m0\u0000")).isFalse();
  }
}
