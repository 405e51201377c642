package dev.stratus.core.job;

import java.time.Clock;
import java.util.Optional;

/**
 * The checks every new upload passes before a byte of it is stored, whichever API it comes
 * through: the node's load, the account gate, the MIME type, the declared size and the account's
 * quota (open multipart reservations included). The quota is checked again, atomically, when the
 * upload is admitted or reserved; this early check only spares the client a doomed transfer.
 */
public final class UploadDoor {
  private final JobStore store;
  private final UploadPolicy policy;
  private final UploadGate gate;
  private final Overload overload;
  private final Clock clock;

  public UploadDoor(JobStore store, UploadPolicy policy, UploadGate gate, Overload overload, Clock clock) {
    this.store = store;
    this.policy = policy;
    this.gate = gate;
    this.overload = overload;
    this.clock = clock;
  }

  /** Refuses a new upload of {@code declaredSize} bytes (-1 if unknown) by {@code did}. */
  public void check(String did, String mimeType, long declaredSize) throws UploadRejected {
    throwIfPresent(overload.checkNewUpload());
    throwIfPresent(gate.check(did));
    if (!UploadPolicy.isAccepted(mimeType)) {
      throw new UploadRejected(
          UploadRejected.Reason.UNSUPPORTED_TYPE,
          "unsupported content type " + mimeType + "; accepted: "
              + String.join(", ", UploadPolicy.ACCEPTED_MIME_TYPES));
    }
    if (declaredSize > policy.maxUploadBytes()) {
      throw tooLarge(declaredSize);
    }
    Quota quota = quota();
    Usage used = store.usage(did, quota.since());
    if (!quota.admits(used, Math.max(0, declaredSize))) {
      throw overQuota(used);
    }
  }

  /** Refuses a step of an upload already admitted while the node is draining. */
  public void checkNotDraining() throws UploadRejected {
    throwIfPresent(overload.checkDraining());
  }

  /** The account's quota window as of now. */
  public Quota quota() {
    return new Quota(clock.instant().minus(policy.window()), policy.dailyVideos(), policy.dailyBytes());
  }

  public UploadPolicy policy() {
    return policy;
  }

  public UploadRejected tooLarge(long size) {
    return new UploadRejected(UploadRejected.Reason.TOO_LARGE, policy.tooLargeMessage(size));
  }

  public UploadRejected overQuota(Usage used) {
    return new UploadRejected(UploadRejected.Reason.OVER_QUOTA, policy.exceededMessage(used));
  }

  private static void throwIfPresent(Optional<UploadRejected> refusal) throws UploadRejected {
    if (refusal.isPresent()) {
      throw refusal.get();
    }
  }
}
