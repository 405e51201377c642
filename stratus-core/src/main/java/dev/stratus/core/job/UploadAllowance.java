package dev.stratus.core.job;

import dev.stratus.lexicon.UploadLimits;
import java.time.Clock;
import java.util.Optional;

/** What {@code getUploadLimits} tells an account: whether it may upload, and what is left today. */
public final class UploadAllowance {
  private final JobStore store;
  private final UploadPolicy policy;
  private final UploadGate gate;
  private final Clock clock;

  public UploadAllowance(JobStore store, UploadPolicy policy, UploadGate gate, Clock clock) {
    this.store = store;
    this.policy = policy;
    this.gate = gate;
    this.clock = clock;
  }

  public UploadLimits limitsFor(String did) {
    Usage used = store.usage(did, clock.instant().minus(policy.window()));
    long videos = Math.max(0, policy.dailyVideos() - used.videos());
    long bytes = Math.max(0, policy.dailyBytes() - used.bytes());
    Optional<UploadRejected> refusal = gate.check(did);
    if (refusal.isPresent()) {
      // getUploadLimits names the gate's refusals as uploadVideo does.
      String error =
          refusal.get().reason() == UploadRejected.Reason.DISABLED ? "UploadsDisabled" : "UploadForbidden";
      return new UploadLimits(false, videos, bytes, refusal.get().getMessage(), error);
    }
    if (videos == 0) {
      return new UploadLimits(false, videos, bytes, UploadPolicy.VIDEOS_EXCEEDED, "DailyLimitExceeded");
    }
    if (bytes == 0) {
      return new UploadLimits(false, videos, bytes, UploadPolicy.BYTES_EXCEEDED, "DailyLimitExceeded");
    }
    return UploadLimits.allowed(videos, bytes);
  }
}
