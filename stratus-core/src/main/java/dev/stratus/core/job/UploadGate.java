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
  Optional<Refusal> check(String did);

  /** A refusal: the XRPC error name and status, and the message. */
  record Refusal(int status, String error, String message) {}

  /** A deny list of DIDs and a switch that stops all uploads. */
  static UploadGate configured(Set<String> deniedDids, boolean uploadsDisabled) {
    Set<String> denied = Set.copyOf(deniedDids);
    return did -> {
      if (uploadsDisabled) {
        return Optional.of(new Refusal(503, "UploadsDisabled", DISABLED));
      }
      if (denied.contains(did)) {
        return Optional.of(new Refusal(403, "UploadForbidden", NOT_ALLOWED));
      }
      return Optional.empty();
    };
  }
}
