package dev.stratus.core.pds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.testkit.MutableClock;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PdsBlobLimitsTest {
  private static final String PDS = "https://pds.example.com";
  private final MutableClock clock = new MutableClock();
  private final PdsBlobLimits limits = new PdsBlobLimits(clock);

  @Test
  void aRefusalTeachesTheLargestCommonLimitBelowTheRefusedSize() {
    assertThat(limits.limitOf(PDS)).isEmpty();
    assertThat(limits.refused(PDS, 11_000_000, OptionalLong.empty())).isEqualTo(5_242_880);
    assertThat(limits.limitOf(PDS)).hasValue(5_242_880);
    assertThat(limits.limitOf("https://PDS.example.com/")).hasValue(5_242_880);
    assertThat(limits.limitOf("https://other.example.com")).isEmpty();
    // The fitted blob was refused too: the next step down.
    assertThat(limits.refused(PDS, 4_800_000, OptionalLong.empty())).isEqualTo(2_097_152);
    // Below every common limit: half of what was refused.
    assertThat(limits.refused(PDS, 200_000, OptionalLong.empty())).isEqualTo(100_000);
  }

  @Test
  void aLimitThePdsNamesIsTakenAsItIs() {
    assertThat(limits.refused(PDS, 11_000_000, OptionalLong.of(7_000_000))).isEqualTo(7_000_000);
    // A named limit above the refused size says nothing useful.
    assertThat(limits.refused("https://b.example", 3_000_000, OptionalLong.of(9_000_000))).isEqualTo(2_097_152);
  }

  @Test
  void whatWasLearnedIsForgottenAfterADay() {
    limits.refused(PDS, 60_000_000, OptionalLong.empty());
    assertThat(limits.limitOf(PDS)).hasValue(52_428_800);
    clock.advance(Duration.ofHours(23));
    assertThat(limits.limitOf(PDS)).hasValue(52_428_800);
    clock.advance(Duration.ofHours(2));
    assertThat(limits.limitOf(PDS)).isEmpty();
  }

  @Test
  void sizesAreDescribedAsPeopleReadThem() {
    assertThat(PdsBlobLimits.describe(5_242_880)).isEqualTo("5.2 MB");
    assertThat(PdsBlobLimits.describe(780_000)).isEqualTo("780 kB");
  }
}
