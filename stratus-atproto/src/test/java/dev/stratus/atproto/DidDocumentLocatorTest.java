package dev.stratus.atproto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.atproto.DidResolutionException.Reason;
import java.net.URI;
import org.junit.jupiter.api.Test;

class DidDocumentLocatorTest {
  private final DidDocumentLocator locator =
      new DidDocumentLocator(URI.create("https://plc.directory/"));

  @Test
  void findsPlcDocumentsAtTheDirectoryWithTheDidUrlEncoded() throws Exception {
    assertThat(locator.locate("did:plc:ewvi7nxzyoun6zhxrhs64oiz"))
        .isEqualTo(URI.create("https://plc.directory/did%3Aplc%3Aewvi7nxzyoun6zhxrhs64oiz"));
    assertThat(new DidDocumentLocator(URI.create("http://127.0.0.1:2582")).locate("did:plc:abc"))
        .isEqualTo(URI.create("http://127.0.0.1:2582/did%3Aplc%3Aabc"));
  }

  @Test
  void findsWebDocumentsOverHttpsAtTheWellKnownPath() throws Exception {
    assertThat(locator.locate("did:web:video.bsky.app"))
        .isEqualTo(URI.create("https://video.bsky.app/.well-known/did.json"));
    assertThat(locator.locate("did:web:Example.COM"))
        .isEqualTo(URI.create("https://example.com/.well-known/did.json"));
  }

  @Test
  void usesPlainHttpAndAPortOnlyForLocalhost() throws Exception {
    assertThat(locator.locate("did:web:localhost"))
        .isEqualTo(URI.create("http://localhost/.well-known/did.json"));
    assertThat(locator.locate("did:web:localhost%3A2583"))
        .isEqualTo(URI.create("http://localhost:2583/.well-known/did.json"));
    assertThat(locator.locate("did:web:localhost.example.com"))
        .isEqualTo(URI.create("https://localhost.example.com/.well-known/did.json"));
    assertRefused("did:web:pds.example.com%3A8443", Reason.UNSUPPORTED, "port");
  }

  @Test
  void refusesPathBasedDidWeb() {
    assertRefused("did:web:example.com:user:alice", Reason.UNSUPPORTED, "path-based");
    assertRefused("did:web:localhost%3A2583:alice", Reason.UNSUPPORTED, "path-based");
  }

  @Test
  void refusesHostsThatCouldRedirectTheRequest() {
    assertRefused("did:web:evil.example%2Fx", Reason.INVALID_DID, "not a hostname");
    assertRefused("did:web:user%40evil.example", Reason.INVALID_DID, "not a hostname");
    assertRefused("did:web:evil.example%zz", Reason.INVALID_DID, "percent-encoding");
  }

  @Test
  void refusesOtherMethodsAndNonDids() {
    assertRefused(
        "did:key:zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc",
        Reason.UNSUPPORTED,
        "did:plc and did:web");
    assertRefused("alice.bsky.social", Reason.INVALID_DID, "not a DID");
  }

  private void assertRefused(String did, Reason reason, String messagePart) {
    assertThatThrownBy(() -> locator.locate(did))
        .isInstanceOfSatisfying(
            DidResolutionException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.did()).isEqualTo(did);
            })
        .hasMessageContaining(messagePart);
  }
}
