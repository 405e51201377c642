package dev.stratus.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.server.xrpc.XrpcException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UploadSlotsTest {
  private final UploadSlots slots = new UploadSlots(2, 3);

  @Test
  void anAccountOverItsCapIsRefusedWith429UntilAPlaceIsGivenBack() {
    UploadSlots.Slot first = slots.take("did:plc:a", "10.0.0.1");
    slots.take("did:plc:a", "10.0.0.2");
    assertThatThrownBy(() -> slots.take("did:plc:a", "10.0.0.3"))
        .isInstanceOfSatisfying(XrpcException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.error()).isEqualTo("RateLimitExceeded");
          assertThat(e.getMessage()).contains("this account").contains("at most 2");
        });
    first.close();
    first.close(); // twice gives back one place, not two
    slots.take("did:plc:a", "10.0.0.3");
    assertThatThrownBy(() -> slots.take("did:plc:a", "10.0.0.4")).isInstanceOf(XrpcException.class);
  }

  @Test
  void anAddressOverItsCapIsRefusedWhateverTheAccount() {
    List<UploadSlots.Slot> taken = new ArrayList<>();
    for (String did : new String[] {"did:plc:a", "did:plc:b", "did:plc:c"}) {
      taken.add(slots.take(did, "10.0.0.1"));
    }
    assertThatThrownBy(() -> slots.take("did:plc:d", "10.0.0.1"))
        .isInstanceOfSatisfying(XrpcException.class, e -> assertThat(e.getMessage()).contains("this address"));
    // A refusal takes no place: the account it named is still free elsewhere.
    slots.take("did:plc:d", "10.0.0.2");
    taken.forEach(UploadSlots.Slot::close);
    slots.take("did:plc:e", "10.0.0.1");
  }
}
