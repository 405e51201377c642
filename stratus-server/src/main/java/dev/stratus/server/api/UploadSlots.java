package dev.stratus.server.api;

import dev.stratus.server.xrpc.XrpcException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the upload bodies in flight per account and per client address, and refuses one over
 * either cap with 429 before a byte of it is read. Counters exist only while a body is in flight,
 * so the maps stay as small as the traffic.
 */
final class UploadSlots {
  private final int perAccount;
  private final int perAddress;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Integer> byAccount = new HashMap<>();
  private final Map<String, Integer> byAddress = new HashMap<>();

  /** One body's place in both counts; closing it gives the place back. */
  final class Slot implements AutoCloseable {
    private final String did;
    private final String address;
    private boolean closed;

    private Slot(String did, String address) {
      this.did = did;
      this.address = address;
    }

    @Override
    public void close() {
      lock.lock();
      try {
        if (!closed) {
          closed = true;
          release(byAccount, did);
          release(byAddress, address);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  UploadSlots(int perAccount, int perAddress) {
    this.perAccount = perAccount;
    this.perAddress = perAddress;
  }

  Slot take(String did, String address) {
    lock.lock();
    try {
      if (byAccount.getOrDefault(did, 0) >= perAccount) {
        throw tooMany("this account", perAccount);
      }
      if (byAddress.getOrDefault(address, 0) >= perAddress) {
        throw tooMany("this address", perAddress);
      }
      byAccount.merge(did, 1, Integer::sum);
      byAddress.merge(address, 1, Integer::sum);
      return new Slot(did, address);
    } finally {
      lock.unlock();
    }
  }

  private static XrpcException tooMany(String who, int cap) {
    return new XrpcException(429, "RateLimitExceeded",
        "too many uploads in progress from " + who + " (at most " + cap + " at once); wait for one to finish");
  }

  private static void release(Map<String, Integer> counts, String key) {
    counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }
}
