package dev.stratus.atproto;

import dev.stratus.atproto.DidResolutionException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the documents another resolver found, with atproto's reference lifetimes: a document is
 * fresh for an hour and served as is; from one hour to a day it is stale, and the next {@code
 * resolve} fetches it again <em>on the calling thread</em> (simpler to reason about and test than a
 * background refresh, at the price of one slower request per DID per hour), falling back to the
 * stale copy if the fetch fails for any reason but "not found"; after a day it is dropped. {@link
 * #refresh} always fetches and stores the result. Failures are never cached. Thread-safe;
 * concurrent misses for one DID may each fetch it.
 */
public final class CachingDidResolver implements DidResolver {
  /** Age after which a document is fetched again, though still usable if that fails. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(1);

  /** Age after which a document is never served. */
  public static final Duration DEFAULT_EXPIRE_AFTER = Duration.ofHours(24);

  /** Bounds memory; the least recently fetched DIDs go first. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  private static final Logger log = LoggerFactory.getLogger(CachingDidResolver.class);

  private record Cached(DidDocument document, Instant fetchedAt) {}

  private final DidResolver delegate;
  private final Clock clock;
  private final Duration staleAfter;
  private final Duration expireAfter;
  private final Map<String, Cached> entries;

  /** A cache with the reference lifetimes (1 h stale, 24 h expired). */
  public CachingDidResolver(DidResolver delegate, Clock clock) {
    this(delegate, clock, DEFAULT_STALE_AFTER, DEFAULT_EXPIRE_AFTER, DEFAULT_MAX_ENTRIES);
  }

  public CachingDidResolver(
      DidResolver delegate,
      Clock clock,
      Duration staleAfter,
      Duration expireAfter,
      int maxEntries) {
    if (staleAfter.isNegative() || expireAfter.compareTo(staleAfter) < 0 || maxEntries < 1) {
      throw new IllegalArgumentException(
          "need 0 <= staleAfter <= expireAfter and maxEntries >= 1, got "
              + staleAfter
              + ", "
              + expireAfter
              + ", "
              + maxEntries);
    }
    this.delegate = delegate;
    this.clock = clock;
    this.staleAfter = staleAfter;
    this.expireAfter = expireAfter;
    this.entries =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > maxEntries;
          }
        };
  }

  @Override
  public DidDocument resolve(String did) throws DidResolutionException {
    Cached entry = lookup(did);
    if (entry == null) {
      return store(did, delegate.resolve(did));
    }
    Duration age = Duration.between(entry.fetchedAt(), clock.instant());
    if (age.compareTo(staleAfter) < 0) {
      return entry.document();
    }
    if (age.compareTo(expireAfter) >= 0) {
      forget(did);
      return store(did, delegate.refresh(did));
    }
    try {
      // refresh, not resolve: a delegate with a cache of its own must not answer with it.
      return store(did, delegate.refresh(did));
    } catch (DidResolutionException e) {
      if (e.reason() == Reason.NOT_FOUND) {
        // A deleted or tombstoned account must stop authenticating now, not in a day.
        forget(did);
        throw e;
      }
      log.warn(
          "serving the {}-old document of {}: refreshing it failed: {}", age, did, e.getMessage());
      return entry.document();
    }
  }

  @Override
  public DidDocument refresh(String did) throws DidResolutionException {
    try {
      return store(did, delegate.refresh(did));
    } catch (DidResolutionException e) {
      if (e.reason() == Reason.NOT_FOUND) {
        forget(did);
      }
      throw e;
    }
  }

  private @Nullable Cached lookup(String did) {
    synchronized (entries) {
      return entries.get(did);
    }
  }

  private DidDocument store(String did, DidDocument document) {
    synchronized (entries) {
      // Re-inserting moves the DID to the young end, so eviction drops the oldest fetches.
      entries.remove(did);
      entries.put(did, new Cached(document, clock.instant()));
    }
    return document;
  }

  /**
   * Drops the cached document of {@code did}, so the next resolve fetches it: the event stream
   * said its identity changed (a new PDS, a new key).
   */
  public void forget(String did) {
    synchronized (entries) {
      entries.remove(did);
    }
  }
}
