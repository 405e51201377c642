package dev.stratus.atproto;

import dev.stratus.atproto.DidResolutionException.Reason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches DID documents over HTTP on every call, as atproto's reference resolver does: {@code
 * did:plc} from the PLC directory ({@code GET {plcUrl}/{url-encoded did}}), {@code did:web} from
 * {@code https://{host}/.well-known/did.json} (plain http only for {@code localhost}). Redirects
 * are not followed, the whole exchange must finish within the timeout (3 s by default), 404 and 410
 * mean the DID does not exist, and the document's {@code id} must be the DID asked for. Wrap it in
 * a {@link CachingDidResolver}.
 */
public final class HttpDidResolver implements DidResolver {
  /** The public PLC directory. */
  public static final URI DEFAULT_PLC_URL = URI.create("https://plc.directory");

  /** The reference resolver's timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  /** A DID document is a few kilobytes; anything much larger is not one. */
  private static final long MAX_DOCUMENT_BYTES = 256 * 1024;

  private final DidDocumentLocator locator;
  private final Duration timeout;
  private final HttpClient http;

  /** Resolves against the public PLC directory with the default timeout. */
  public HttpDidResolver() {
    this(DEFAULT_PLC_URL, DEFAULT_TIMEOUT);
  }

  /**
   * @param plcUrl the PLC directory's base URL, e.g. a local one in tests
   * @param timeout the limit for one whole request, connect to last byte
   */
  public HttpDidResolver(URI plcUrl, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.locator = new DidDocumentLocator(plcUrl);
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .build();
  }

  @Override
  public DidDocument resolve(String did) throws DidResolutionException {
    URI url = locator.locate(did);
    HttpResponse<byte[]> response = fetch(did, url);
    int status = response.statusCode();
    if (status == 404 || status == 410) {
      throw new DidResolutionException(
          did, Reason.NOT_FOUND, "not found at " + url + " (HTTP " + status + ")");
    }
    if (status >= 300 && status < 400) {
      throw new DidResolutionException(
          did,
          Reason.UNAVAILABLE,
          url + " redirects (HTTP " + status + "); redirects are not followed");
    }
    if (status < 200 || status >= 300) {
      throw new DidResolutionException(did, Reason.UNAVAILABLE, url + " answered HTTP " + status);
    }
    DidDocument document;
    try {
      document = DidDocument.parse(new String(response.body(), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new DidResolutionException(
          did, Reason.INVALID_DOCUMENT, url + ": " + e.getMessage(), e);
    }
    if (!document.id().equals(did)) {
      throw new DidResolutionException(
          did, Reason.INVALID_DOCUMENT, url + " returned the document of " + document.id());
    }
    return document;
  }

  /** There is no cache here, so a refresh is just another fetch. */
  @Override
  public DidDocument refresh(String did) throws DidResolutionException {
    return resolve(did);
  }

  private HttpResponse<byte[]> fetch(String did, URI url) throws DidResolutionException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Accept", "application/did+ld+json,application/json")
            .GET()
            .build();
    // The request timeout stops at the response headers; waiting on the future bounds the body too.
    CompletableFuture<HttpResponse<byte[]>> exchange =
        http.sendAsync(request, info -> new SizeLimitedBody(MAX_DOCUMENT_BYTES));
    try {
      return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new DidResolutionException(
          did, Reason.UNAVAILABLE, url + " did not answer within " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String kind = cause instanceof HttpTimeoutException ? "timed out" : "failed";
      throw new DidResolutionException(
          did, Reason.UNAVAILABLE, "fetching " + url + " " + kind + ": " + cause, cause);
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new DidResolutionException(did, Reason.UNAVAILABLE, "interrupted fetching " + url, e);
    }
  }
}
