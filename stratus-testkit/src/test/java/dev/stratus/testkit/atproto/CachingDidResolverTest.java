package dev.stratus.testkit.atproto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.atproto.CachingDidResolver;
import dev.stratus.atproto.DidDocument;
import dev.stratus.atproto.DidResolutionException;
import dev.stratus.atproto.DidResolutionException.Reason;
import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.atproto.FakeDidResolver.Method;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CachingDidResolverTest {
  private static final String ALICE = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

  private final MutableClock clock = new MutableClock();
  private final FakeDidResolver directory = new FakeDidResolver();
  private final CachingDidResolver cache = new CachingDidResolver(directory, clock);
  private final DidDocument first = document("https://first.example");
  private final DidDocument second = document("https://second.example");

  CachingDidResolverTest() {
    directory.put(first);
  }

  @Test
  void servesAFreshDocumentForAnHourWithoutAsking() throws Exception {
    assertThat(cache.resolve(ALICE)).isEqualTo(first);
    directory.publish(second);

    clock.advance(Duration.ofMinutes(59));

    assertThat(cache.resolve(ALICE)).isEqualTo(first);
    assertThat(directory.calls()).hasSize(1);
  }

  @Test
  void fetchesAStaleDocumentAgainOnTheCallingThread() throws Exception {
    cache.resolve(ALICE);
    directory.publish(second);

    clock.advance(Duration.ofHours(1));

    assertThat(cache.resolve(ALICE)).isEqualTo(second);
    assertThat(cache.resolve(ALICE)).isEqualTo(second);
    assertThat(directory.count(Method.REFRESH, ALICE)).isEqualTo(1);
  }

  @Test
  void servesTheStaleDocumentWhenTheDirectoryIsDown() throws Exception {
    cache.resolve(ALICE);
    directory.unavailable(ALICE, true);

    clock.advance(Duration.ofHours(23));

    assertThat(cache.resolve(ALICE)).isEqualTo(first);
  }

  @Test
  void dropsAStaleDocumentWhoseDidIsGone() throws Exception {
    cache.resolve(ALICE);
    directory.remove(ALICE);
    clock.advance(Duration.ofHours(2));

    assertNotFound();
    directory.put(second);
    assertThat(cache.resolve(ALICE)).isEqualTo(second);
  }

  @Test
  void neverServesADocumentOlderThanADay() throws Exception {
    cache.resolve(ALICE);
    directory.unavailable(ALICE, true);

    clock.advance(Duration.ofHours(24));

    assertThatThrownBy(() -> cache.resolve(ALICE))
        .isInstanceOfSatisfying(
            DidResolutionException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
  }

  @Test
  void refreshBypassesTheCacheAndUpdatesIt() throws Exception {
    cache.resolve(ALICE);
    directory.publish(second);

    assertThat(cache.refresh(ALICE)).isEqualTo(second);
    assertThat(cache.resolve(ALICE)).isEqualTo(second);
    assertThat(directory.count(Method.REFRESH, ALICE)).isEqualTo(1);
    assertThat(directory.count(Method.RESOLVE, ALICE)).isEqualTo(1);
  }

  @Test
  void aRefreshedDocumentIsFreshForAnotherHour() throws Exception {
    cache.resolve(ALICE);
    clock.advance(Duration.ofMinutes(50));
    cache.refresh(ALICE);

    clock.advance(Duration.ofMinutes(50));
    cache.resolve(ALICE);

    assertThat(directory.calls()).hasSize(2);
  }

  @Test
  void doesNotRememberFailures() throws Exception {
    String bob = "did:plc:bob22222222222222222222";
    assertThatThrownBy(() -> cache.resolve(bob)).isInstanceOf(DidResolutionException.class);

    DidDocument bobs = DidDocument.parse("{\"id\":\"" + bob + "\"}");
    directory.put(bobs);

    assertThat(cache.resolve(bob)).isEqualTo(bobs);
  }

  @Test
  void evictsTheOldestFetchWhenFull() throws Exception {
    CachingDidResolver small =
        new CachingDidResolver(directory, clock, Duration.ofHours(1), Duration.ofHours(24), 2);
    String bob = "did:plc:bob22222222222222222222";
    String carol = "did:plc:carol222222222222222222";
    directory.put(DidDocument.parse("{\"id\":\"" + bob + "\"}"));
    directory.put(DidDocument.parse("{\"id\":\"" + carol + "\"}"));

    small.resolve(ALICE);
    small.resolve(bob);
    small.resolve(carol);
    small.resolve(bob);
    small.resolve(ALICE);

    assertThat(directory.count(Method.RESOLVE, ALICE)).isEqualTo(2);
    assertThat(directory.count(Method.RESOLVE, bob)).isEqualTo(1);
  }

  private void assertNotFound() {
    assertThatThrownBy(() -> cache.resolve(ALICE))
        .isInstanceOfSatisfying(
            DidResolutionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  private static DidDocument document(String pds) {
    return TestDidDocument.of(ALICE, TestKeys.k256()).pds(pds).parse();
  }
}
