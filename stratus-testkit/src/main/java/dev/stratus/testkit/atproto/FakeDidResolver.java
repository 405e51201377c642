package dev.stratus.testkit.atproto;

import dev.stratus.atproto.DidDocument;
import dev.stratus.atproto.DidResolutionException;
import dev.stratus.atproto.DidResolutionException.Reason;
import dev.stratus.atproto.DidResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory PLC directory with a cache in front, recording every call. {@link #publish} changes
 * what the directory holds, but {@code resolve} keeps answering with the document it last handed
 * out until {@code refresh} is called, like a real cache would after a key rotation. Unknown DIDs
 * are {@link Reason#NOT_FOUND}; DIDs marked {@link #unavailable} fail as if the network were down.
 * Thread-safe.
 */
public final class FakeDidResolver implements DidResolver {
  /** One call to the resolver. */
  public record Call(Method method, String did) {}

  /** Which {@link DidResolver} method was called. */
  public enum Method {
    RESOLVE,
    REFRESH
  }

  private final Map<String, DidDocument> published = new HashMap<>();
  private final Map<String, DidDocument> handedOut = new HashMap<>();
  private final Set<String> unavailable = new HashSet<>();
  private final List<Call> calls = new ArrayList<>();

  /** Publishes a document and makes it the one {@code resolve} returns at once. */
  public synchronized FakeDidResolver put(DidDocument document) {
    published.put(document.id(), document);
    handedOut.put(document.id(), document);
    return this;
  }

  /** Parses and {@link #put}s a document. */
  public FakeDidResolver put(String documentJson) {
    return put(DidDocument.parse(documentJson));
  }

  /**
   * Replaces the directory's document (a key rotation or PDS move). {@code resolve} keeps returning
   * the old one, if it had handed one out, until {@code refresh}.
   */
  public synchronized void publish(DidDocument document) {
    published.put(document.id(), document);
  }

  /** Deletes the DID from the directory; cached copies stay until refreshed. */
  public synchronized void remove(String did) {
    published.remove(did);
  }

  /** Makes every call for this DID fail with {@link Reason#UNAVAILABLE}, or stop failing. */
  public synchronized void unavailable(String did, boolean down) {
    if (down) {
      unavailable.add(did);
    } else {
      unavailable.remove(did);
    }
  }

  @Override
  public synchronized DidDocument resolve(String did) throws DidResolutionException {
    calls.add(new Call(Method.RESOLVE, did));
    failIfUnavailable(did);
    DidDocument cached = handedOut.get(did);
    return cached != null ? cached : fetch(did);
  }

  @Override
  public synchronized DidDocument refresh(String did) throws DidResolutionException {
    calls.add(new Call(Method.REFRESH, did));
    failIfUnavailable(did);
    return fetch(did);
  }

  /** Every call so far, in order. */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** How often {@code method} was called for {@code did}. */
  public synchronized long count(Method method, String did) {
    return calls.stream().filter(c -> c.method() == method && c.did().equals(did)).count();
  }

  private DidDocument fetch(String did) throws DidResolutionException {
    DidDocument document = published.get(did);
    if (document == null) {
      handedOut.remove(did);
      throw new DidResolutionException(did, Reason.NOT_FOUND, "not in the fake directory");
    }
    handedOut.put(did, document);
    return document;
  }

  private void failIfUnavailable(String did) throws DidResolutionException {
    if (unavailable.contains(did)) {
      throw new DidResolutionException(did, Reason.UNAVAILABLE, "the fake directory is down");
    }
  }
}
