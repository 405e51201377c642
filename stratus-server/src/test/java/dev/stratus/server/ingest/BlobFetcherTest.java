package dev.stratus.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.stratus.atproto.Cid;
import dev.stratus.atproto.DidDocument;
import dev.stratus.atproto.DidResolver;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching a blob from its author's PDS, against a PDS stand-in on loopback that answers by DID:
 * the right bytes, wrong bytes, too many bytes, none, or a redirect to another loopback port.
 */
class BlobFetcherTest {
  private static final byte[] VIDEO = "a video's bytes, as the PDS stores them".getBytes(StandardCharsets.UTF_8);
  private static final String CID = Cid.of(VIDEO);

  @TempDir Path dir;
  private HttpServer pds;
  private HttpServer elsewhere;

  @BeforeEach
  void startPds() throws Exception {
    elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    elsewhere.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, VIDEO.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(VIDEO);
      }
    });
    elsewhere.start();
    pds = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pds.createContext("/xrpc/com.atproto.sync.getBlob", exchange -> {
      String query = exchange.getRequestURI().getQuery();
      byte[] body = VIDEO;
      int status = 200;
      if (query.contains("did:plc:wrongbytes")) {
        body = "other bytes".getBytes(StandardCharsets.UTF_8);
      } else if (query.contains("did:plc:big")) {
        body = new byte[100_000];
      } else if (query.contains("did:plc:missing")) {
        status = 400;
        body = "{\"error\":\"BlobNotFound\"}".getBytes(StandardCharsets.UTF_8);
      } else if (query.contains("did:plc:redirect")) {
        exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/blob");
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
        return;
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    pds.start();
  }

  @AfterEach
  void stopPds() {
    pds.stop(0);
    elsewhere.stop(0);
  }

  private String pdsHost() {
    return "127.0.0.1:" + pds.getAddress().getPort();
  }

  private BlobFetcher fetcher(AddressPolicy policy) {
    DidResolver resolver = new DidResolver() {
      @Override
      public DidDocument resolve(String did) {
        return new DidDocument(did, Optional.empty(), Optional.of(URI.create("http://" + pdsHost())));
      }

      @Override
      public DidDocument refresh(String did) {
        return resolve(did);
      }
    };
    return new BlobFetcher(resolver, policy, Duration.ofSeconds(10));
  }

  @Test
  void aBlobIsFetchedCheckedAndPutInPlace() throws Exception {
    Path target = dir.resolve("video.mp4");
    long size = fetcher(AddressPolicy.publicAnd(Set.of(pdsHost()))).fetch("did:plc:good", CID, target, 1_000);

    assertThat(size).isEqualTo(VIDEO.length);
    assertThat(Files.readAllBytes(target)).isEqualTo(VIDEO);
  }

  @Test
  void aPdsOnALoopbackAddressIsRefusedUnlessAllowed() {
    assertThatThrownBy(() -> fetcher(AddressPolicy.publicOnly()).fetch("did:plc:good", CID, dir.resolve("v"), 1_000))
        .isInstanceOfSatisfying(FetchException.class, e -> {
          assertThat(e.kind()).isEqualTo(FetchException.Kind.REFUSED_ADDRESS);
          assertThat(e.getMessage()).contains("127.0.0.1").contains("not a public address");
        });
    assertThat(dir.resolve("v")).doesNotExist();
  }

  @Test
  void aRedirectToAnotherLoopbackPortIsRefused() {
    assertThatThrownBy(() -> fetcher(AddressPolicy.publicAnd(Set.of(pdsHost())))
            .fetch("did:plc:redirect", CID, dir.resolve("v"), 1_000))
        .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind()).isEqualTo(FetchException.Kind.REFUSED_ADDRESS));
  }

  @Test
  void bytesThatAreNotTheCidsAreRefusedAndLeaveNothing() throws Exception {
    assertThatThrownBy(() -> fetcher(AddressPolicy.publicAnd(Set.of(pdsHost())))
            .fetch("did:plc:wrongbytes", CID, dir.resolve("v"), 1_000))
        .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind()).isEqualTo(FetchException.Kind.CID_MISMATCH));
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aBlobOverTheCapIsRefusedAndLeavesNothing() throws Exception {
    assertThatThrownBy(() -> fetcher(AddressPolicy.publicAnd(Set.of(pdsHost())))
            .fetch("did:plc:big", CID, dir.resolve("v"), 1_000))
        .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind()).isEqualTo(FetchException.Kind.TOO_LARGE));
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aBlobThePdsDoesNotHaveIsNotFound() {
    assertThatThrownBy(() -> fetcher(AddressPolicy.publicAnd(Set.of(pdsHost())))
            .fetch("did:plc:missing", CID, dir.resolve("v"), 1_000))
        .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind()).isEqualTo(FetchException.Kind.NOT_FOUND));
    assertThatThrownBy(() -> fetcher(AddressPolicy.publicAnd(Set.of(pdsHost())))
            .fetch("did:plc:good", "not-a-cid", dir.resolve("v"), 1_000))
        .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind()).isEqualTo(FetchException.Kind.NOT_FOUND));
  }

  @Test
  void onlyPublicAddressesArePublic() throws Exception {
    for (String address : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.0.8", "198.18.0.1", "::1", "fe80::1",
        "fc00::1", "fd12:3456::1", "::", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2001:db8::1"}) {
      assertThat(AddressPolicy.isPublic(InetAddress.getByName(address))).as(address).isFalse();
    }
    for (String address : new String[] {"8.8.8.8", "1.1.1.1", "151.101.1.1", "2001:4860:4860::8888", "2606:4700::1111"}) {
      assertThat(AddressPolicy.isPublic(InetAddress.getByName(address))).as(address).isTrue();
    }
  }
}
