package dev.stratus.testkit.atproto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.atproto.DidDocument;
import dev.stratus.atproto.DidResolutionException;
import dev.stratus.atproto.DidResolutionException.Reason;
import dev.stratus.testkit.atproto.FakeDidResolver.Call;
import dev.stratus.testkit.atproto.FakeDidResolver.Method;
import org.junit.jupiter.api.Test;

class FakeDidResolverTest {
  private static final String ALICE = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

  private final FakeDidResolver resolver = new FakeDidResolver();
  private final DidDocument before = TestDidDocument.of(ALICE, TestKeys.k256()).parse();
  private final DidDocument after = TestDidDocument.of(ALICE, TestKeys.k256()).parse();

  @Test
  void keepsAnsweringWithTheOldDocumentUntilRefreshed() throws Exception {
    resolver.put(before);
    resolver.publish(after);

    assertThat(resolver.resolve(ALICE)).isEqualTo(before);
    assertThat(resolver.refresh(ALICE)).isEqualTo(after);
    assertThat(resolver.resolve(ALICE)).isEqualTo(after);
    assertThat(resolver.calls())
        .containsExactly(
            new Call(Method.RESOLVE, ALICE),
            new Call(Method.REFRESH, ALICE),
            new Call(Method.RESOLVE, ALICE));
  }

  @Test
  void aPublishedDocumentNeverHandedOutIsResolvedDirectly() throws Exception {
    resolver.publish(after);

    assertThat(resolver.resolve(ALICE)).isEqualTo(after);
  }

  @Test
  void unknownAndUnavailableDidsFail() {
    assertThatThrownBy(() -> resolver.resolve(ALICE))
        .isInstanceOfSatisfying(
            DidResolutionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));

    resolver.put(before);
    resolver.unavailable(ALICE, true);

    assertThatThrownBy(() -> resolver.refresh(ALICE))
        .isInstanceOfSatisfying(
            DidResolutionException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
  }
}
