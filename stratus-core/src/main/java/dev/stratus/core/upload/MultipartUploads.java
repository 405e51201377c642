package dev.stratus.core.upload;

import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobId;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.job.UploadDoor;
import dev.stratus.core.job.UploadRejected;
import dev.stratus.core.job.UploadRejected.Reason;
import dev.stratus.core.media.InputLimits;
import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import dev.stratus.lexicon.AbortUploadOutput;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.StartUploadOutput;
import dev.stratus.lexicon.UploadState;
import dev.stratus.lexicon.UploadStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Starts, aborts and reports multipart upload sessions. Starting passes the same
 * {@link UploadDoor} as a single-request upload, checks the advisory duration and dimensions,
 * then reserves one video and the declared size against the account's quota. Parts and the
 * finish are {@link PartReceiver}'s and {@link UploadFinisher}'s.
 */
public final class MultipartUploads {
  private final UploadDoor door;
  private final UploadSessionStore sessions;
  private final SessionLookup lookup;
  private final JobStore jobs;
  private final BlobStore blobs;
  private final JobId ids;
  private final MultipartSettings settings;
  private final InputLimits limits;
  private final Clock clock;

  /** What {@code startUpload} declares; the media properties are advisory and may be absent. */
  public record StartRequest(
      long sizeBytes,
      String mimeType,
      @Nullable String name,
      @Nullable Long durationMs,
      @Nullable Long width,
      @Nullable Long height) {}

  public MultipartUploads(
      UploadDoor door,
      UploadSessionStore sessions,
      JobStore jobs,
      BlobStore blobs,
      JobId ids,
      MultipartSettings settings,
      InputLimits limits,
      Clock clock) {
    this.door = door;
    this.sessions = sessions;
    this.lookup = new SessionLookup(sessions);
    this.jobs = jobs;
    this.blobs = blobs;
    this.ids = ids;
    this.settings = settings;
    this.limits = limits;
    this.clock = clock;
  }

  /** Opens a session for {@code did}, reserving its quota, and answers the part plan. */
  public StartUploadOutput start(String did, StartRequest request) throws UploadRejected {
    if (request.sizeBytes() < 1) {
      throw new UploadRejected(Reason.EMPTY, "sizeBytes must be at least 1");
    }
    door.check(did, request.mimeType(), request.sizeBytes());
    checkAdvisory(request);
    Instant now = clock.instant();
    NewUploadSession session =
        new NewUploadSession(
            ids.next(), did, request.mimeType(), request.name(), request.sizeBytes(), settings.partSize(),
            now.plus(settings.expiry()));
    return switch (sessions.reserve(session, door.quota(), settings.maxOpenUploads(), now)) {
      case UploadSessionStore.Reservation.Reserved reserved -> {
        UploadSession s = reserved.session();
        yield new StartUploadOutput(s.id(), s.partSize(), s.partCount(), datetime(s.expiresAt()));
      }
      case UploadSessionStore.Reservation.OverQuota over -> throw door.overQuota(over.used());
      case UploadSessionStore.Reservation.TooManyOpen open ->
          throw new UploadRejected(
              Reason.TOO_MANY_OPEN,
              "User has " + open.open() + " unfinished uploads; finish or abort one first (at most "
                  + settings.maxOpenUploads() + ")");
    };
  }

  /** The declared duration and shape, refused now when the probe would refuse them later. */
  private void checkAdvisory(StartRequest request) throws UploadRejected {
    Long durationMs = request.durationMs();
    if (durationMs != null && durationMs / 1000.0 > limits.maxDurationSeconds()) {
      throw new UploadRejected(
          Reason.TOO_LONG,
          "the video is " + durationMs / 1000 + " s long; the limit is " + (long) limits.maxDurationSeconds() + " s");
    }
    Long width = request.width();
    Long height = request.height();
    if (width != null && height != null && width > 0 && height > 0) {
      double ratio = (double) width / height;
      if (ratio < limits.minAspectRatio() || ratio > limits.maxAspectRatio()) {
        throw new UploadRejected(
            Reason.BAD_ASPECT_RATIO,
            "a " + width + "x" + height + " video's aspect ratio is outside " + limits.minAspectRatio()
                + " to " + limits.maxAspectRatio());
      }
    }
  }

  /**
   * Aborts an open session: the reservation is released at once and the parts deleted. A session
   * that had already ended answers its outcome; one being finished is refused (not ready).
   */
  public AbortUploadOutput abort(String did, String id) throws UploadRejected, IOException {
    lookup.owned(did, id);
    Instant now = clock.instant();
    UploadSession after =
        sessions.abort(id, now).orElseThrow(() -> new UploadRejected(Reason.NOT_FOUND, "no upload with id " + id));
    UploadState state = after.stateAt(now);
    if (state.equals(UploadState.FINISHING)) {
      throw SessionLookup.notOpen(after, now);
    }
    if (state.equals(UploadState.ABORTED)) {
      blobs.deleteAll(BlobKeys.partsFolder(id));
    }
    return new AbortUploadOutput(
        state,
        state.equals(UploadState.COMPLETED) ? after.completedJobId() : null,
        state.equals(UploadState.FAILED) ? after.failureReason() : null);
  }

  /** {@code getUploadStatus}: what the session is now, and its job once completed. */
  public UploadStatus status(String did, String id) throws UploadRejected {
    UploadSession session = lookup.owned(did, id);
    UploadState state = session.stateAt(clock.instant());
    JobStatus jobStatus = null;
    if (state.equals(UploadState.COMPLETED) && session.completedJobId() != null) {
      Optional<Job> job = jobs.find(session.completedJobId());
      jobStatus = job.map(Job::toStatus).orElse(null);
    }
    return new UploadStatus(
        session.id(),
        session.partSize(),
        session.partCount(),
        new ArrayList<>(session.parts().keySet()),
        datetime(session.expiresAt()),
        state,
        state.equals(UploadState.COMPLETED) ? session.completedJobId() : null,
        jobStatus,
        state.equals(UploadState.FAILED) ? session.failureReason() : null);
  }

  /** An RFC 3339 datetime in UTC with milliseconds, as atproto writes them. */
  static String datetime(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }
}
