package dev.stratus.server.ingest;

import dev.stratus.atproto.Cid;
import dev.stratus.atproto.DidDocument;
import dev.stratus.atproto.DidResolutionException;
import dev.stratus.atproto.DidResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * Fetches a blob of any account from its own PDS ({@code com.atproto.sync.getBlob}), for videos
 * Stratus did not receive itself. The DID is resolved to its PDS; every address it connects to,
 * redirects included (followed by hand, at most three), must pass the {@link AddressPolicy}; the
 * body is streamed to a file with a size cap and its SHA-256 must give the CID asked for. Only
 * then is the file put in place: a refused fetch leaves nothing behind.
 */
public final class BlobFetcher {
  private static final int MAX_REDIRECTS = 3;
  private static final int BUFFER = 64 * 1024;
  private static final String DID_WEB = "did:web:";

  private final DidResolver resolver;
  private final AddressPolicy policy;
  private final HttpClient http;
  private final Duration timeout;

  public BlobFetcher(DidResolver resolver, AddressPolicy policy, Duration timeout) {
    this.resolver = resolver;
    this.policy = policy;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * Fetches {@code did}'s blob {@code cid} into {@code target}.
   *
   * @param maxBytes the most the blob may hold (e.g. the video lexicon's {@code maxSize})
   * @return its size
   */
  public long fetch(String did, String cid, Path target, long maxBytes) throws FetchException, InterruptedException {
    if (!Cid.isBlobCid(cid)) {
      throw new FetchException(FetchException.Kind.NOT_FOUND, cid + " is not a blob CID");
    }
    URI pds = pdsOf(did);
    URI uri = URI.create(pds.toString().replaceAll("/+$", "") + "/xrpc/com.atproto.sync.getBlob?did="
        + URLEncoder.encode(did, StandardCharsets.UTF_8) + "&cid=" + cid);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      policy.check(uri);
      HttpResponse<InputStream> response = send(uri);
      int status = response.statusCode();
      if (status / 100 == 3) {
        String location = response.headers().firstValue("Location").orElse(null);
        close(response);
        if (location == null) {
          throw new FetchException(FetchException.Kind.UNREACHABLE, "a redirect without a Location from " + uri.getHost());
        }
        uri = uri.resolve(location);
        continue;
      }
      if (status == 404 || status == 400) {
        close(response);
        throw new FetchException(FetchException.Kind.NOT_FOUND, "the PDS has no blob " + cid + " of " + did);
      }
      if (status != 200) {
        close(response);
        throw new FetchException(FetchException.Kind.UNREACHABLE, "the PDS answered HTTP " + status);
      }
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > maxBytes) {
        close(response);
        throw new FetchException(FetchException.Kind.TOO_LARGE, "the blob is " + declared + " bytes; at most " + maxBytes);
      }
      return store(response.body(), cid, target, maxBytes);
    }
    throw new FetchException(FetchException.Kind.UNREACHABLE, "more than " + MAX_REDIRECTS + " redirects");
  }

  private URI pdsOf(String did) throws FetchException {
    if (did.startsWith(DID_WEB)) {
      // Resolving a did:web connects to its host: that host passes the same policy first.
      URI host;
      try {
        host = URI.create("https://" + URLDecoder.decode(did.substring(DID_WEB.length()), StandardCharsets.UTF_8) + "/");
      } catch (IllegalArgumentException e) {
        throw new FetchException(FetchException.Kind.NOT_FOUND, did + " is not a did:web of a host");
      }
      policy.check(host);
    }
    DidDocument document;
    try {
      document = resolver.resolve(did);
    } catch (DidResolutionException e) {
      // Only a directory that cannot be reached now is worth another try; no such DID is final.
      FetchException.Kind kind = e.reason() == DidResolutionException.Reason.UNAVAILABLE
          ? FetchException.Kind.UNREACHABLE
          : FetchException.Kind.NOT_FOUND;
      throw new FetchException(kind, "cannot resolve " + did + ": " + e.getMessage());
    }
    return document.pdsEndpoint()
        .orElseThrow(() -> new FetchException(FetchException.Kind.NOT_FOUND, did + " names no PDS"));
  }

  private HttpResponse<InputStream> send(URI uri) throws FetchException, InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new FetchException(FetchException.Kind.UNREACHABLE, "cannot reach " + uri.getHost() + ": " + e.getMessage());
    }
  }

  /** Streams the body to a file beside {@code target}, hashing and counting, then moves it in place. */
  private static long store(InputStream body, String cid, Path target, long maxBytes) throws FetchException {
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    MessageDigest sha256 = Cid.sha256();
    long size = 0;
    try (InputStream in = body; OutputStream out = Files.newOutputStream(partial)) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = in.read(buffer)) > 0; ) {
        size += n;
        if (size > maxBytes) {
          throw new FetchException(FetchException.Kind.TOO_LARGE, "the blob is more than " + maxBytes + " bytes");
        }
        sha256.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      deleteQuietly(partial);
      throw new FetchException(FetchException.Kind.UNREACHABLE, "the PDS stopped sending: " + e.getMessage());
    } catch (FetchException e) {
      deleteQuietly(partial);
      throw e;
    }
    String actual = Cid.ofSha256(sha256.digest());
    if (!actual.equals(cid)) {
      deleteQuietly(partial);
      throw new FetchException(FetchException.Kind.CID_MISMATCH, "the PDS sent bytes whose CID is " + actual + ", not " + cid);
    }
    try {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(partial);
      throw new FetchException(FetchException.Kind.UNREACHABLE, "cannot keep the blob: " + e.getMessage());
    }
    return size;
  }

  private static void close(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException e) {
      // Closing an abandoned body: nothing more to learn from it.
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover partial file is removed with the workspace.
    }
  }
}
