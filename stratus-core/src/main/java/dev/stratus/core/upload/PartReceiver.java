package dev.stratus.core.upload;

import dev.stratus.core.job.UploadDoor;
import dev.stratus.core.job.UploadRejected;
import dev.stratus.core.job.UploadRejected.Reason;
import dev.stratus.core.job.Uploads;
import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import dev.stratus.lexicon.UploadPartOutput;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * {@code uploadPart}: streams one part into the blob store and records it. Each write goes to a
 * key of its own and becomes the part only when the session records it, so a part sent twice at
 * once, or again later, is whole whichever write wins (the last one recorded), a half-written or
 * wrong-length part never counts, and a part that arrives after the finish began changes nothing.
 */
public final class PartReceiver {
  private final UploadDoor door;
  private final UploadSessionStore sessions;
  private final SessionLookup lookup;
  private final BlobStore blobs;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public PartReceiver(UploadDoor door, UploadSessionStore sessions, BlobStore blobs, Clock clock) {
    this.door = door;
    this.sessions = sessions;
    this.lookup = new SessionLookup(sessions);
    this.blobs = blobs;
    this.clock = clock;
  }

  /**
   * Stores part {@code number} of {@code did}'s session {@code id}. {@code declaredLength} is the
   * request's {@code Content-Length}, or -1; the body is read only once the checks pass.
   */
  public UploadPartOutput receive(String did, String id, int number, long declaredLength, Uploads.Body body)
      throws UploadRejected, IOException {
    door.checkNotDraining();
    UploadSession session = lookup.owned(did, id);
    if (!SessionLookup.isOpen(session, clock.instant())) {
      throw SessionLookup.notOpen(session, clock.instant());
    }
    if (!session.isPartNumber(number)) {
      throw new UploadRejected(
          Reason.INVALID_PART_NUMBER, "part " + number + " is outside 1.." + session.partCount());
    }
    long expected = session.expectedSize(number);
    if (declaredLength >= 0 && declaredLength != expected) {
      throw mismatch(number, expected, "Content-Length is " + declaredLength);
    }
    String key = BlobKeys.part(id, number, nonce());
    try {
      blobs.put(key, new ExactLengthStream(body.open(), expected));
    } catch (ExactLengthStream.WrongLength e) {
      throw mismatch(number, expected, e.getMessage());
    }
    boolean recorded = false;
    try {
      switch (sessions.recordPart(id, new UploadSession.Part(number, key, expected), clock.instant())) {
        case UploadSessionStore.PartRecord.Recorded r -> {
          recorded = true;
          if (r.replacedKey() != null) {
            blobs.delete(r.replacedKey());
          }
        }
        case UploadSessionStore.PartRecord.Closed closed -> throw SessionLookup.notOpen(closed.current(), clock.instant());
      }
    } finally {
      if (!recorded) {
        blobs.delete(key);
      }
    }
    return new UploadPartOutput(number, expected);
  }

  private static UploadRejected mismatch(int number, long expected, String detail) {
    return new UploadRejected(
        Reason.PART_SIZE_MISMATCH, "part " + number + " must be exactly " + expected + " bytes; " + detail);
  }

  private String nonce() {
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
