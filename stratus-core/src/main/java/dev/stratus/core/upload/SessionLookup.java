package dev.stratus.core.upload;

import dev.stratus.core.job.UploadRejected;
import dev.stratus.core.job.UploadRejected.Reason;
import dev.stratus.lexicon.UploadState;
import java.time.Instant;
import java.util.Objects;

/**
 * Finds an account's own session and says why a session that is not open refuses a step. Another
 * account's session is reported as not found, so ids reveal nothing.
 */
final class SessionLookup {
  private final UploadSessionStore sessions;

  SessionLookup(UploadSessionStore sessions) {
    this.sessions = sessions;
  }

  UploadSession owned(String did, String id) throws UploadRejected {
    UploadSession session = sessions.find(id).orElse(null);
    if (session == null || !session.did().equals(did)) {
      throw new UploadRejected(Reason.NOT_FOUND, "no upload with id " + id);
    }
    return session;
  }

  /** The refusal for a step that needs an open session, given the session as it is at {@code now}. */
  static UploadRejected notOpen(UploadSession session, Instant now) {
    UploadState state = session.stateAt(now);
    String id = session.id();
    if (state.equals(UploadState.FINISHING)) {
      return new UploadRejected(Reason.NOT_READY, "upload " + id + " is being finished; check getUploadStatus and retry");
    }
    if (state.equals(UploadState.COMPLETED)) {
      return new UploadRejected(Reason.ALREADY_COMPLETED, "upload " + id + " already completed as job " + session.completedJobId());
    }
    if (state.equals(UploadState.FAILED)) {
      return new UploadRejected(Reason.FAILED, Objects.requireNonNullElse(session.failureReason(), "upload " + id + " failed"));
    }
    if (state.equals(UploadState.ABORTED)) {
      return new UploadRejected(Reason.ABORTED, "upload " + id + " was aborted");
    }
    if (state.equals(UploadState.EXPIRED)) {
      return new UploadRejected(Reason.EXPIRED, "upload " + id + " expired at " + session.expiresAt());
    }
    throw new IllegalArgumentException("upload " + id + " is open (" + state + ")");
  }

  static boolean isOpen(UploadSession session, Instant now) {
    return session.stateAt(now).equals(UploadState.CREATED);
  }
}
