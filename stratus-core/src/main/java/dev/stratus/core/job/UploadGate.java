package dev.stratus.core.job;

import java.util.Optional;
import java.util.Set;

/**
 * Whether an account may upload at all, before any quota. The messages are the ones the Bluesky
 * app recognises.
 */
public interface UploadGate {
  String NOT_ALLOWED = "User is not allowed to upload videos";
  String DISABLED = "Uploading is disabled at the moment";

  /** Why {@code did} may not upload now, or empty when it may. */
  Optional<UploadRejected> check(String did);

  /** A deny list of DIDs and a switch that stops all uploads. */
  static UploadGate configured(Set<String> deniedDids, boolean uploadsDisabled) {
    Set<String> denied = Set.copyOf(deniedDids);
    return did -> {
      if (uploadsDisabled) {
        return Optional.of(new UploadRejected(UploadRejected.Reason.DISABLED, DISABLED));
      }
      if (denied.contains(did)) {
        return Optional.of(new UploadRejected(UploadRejected.Reason.FORBIDDEN, NOT_ALLOWED));
      }
      return Optional.empty();
    };
  }
}
