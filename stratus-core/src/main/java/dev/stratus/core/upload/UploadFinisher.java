package dev.stratus.core.upload;

import dev.stratus.core.job.Admission;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobAdmission;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.job.NewJob;
import dev.stratus.core.job.PdsHandoff;
import dev.stratus.core.job.UploadDoor;
import dev.stratus.core.job.UploadRejected;
import dev.stratus.core.job.UploadRejected.Reason;
import dev.stratus.core.job.Uploads;
import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import dev.stratus.lexicon.FinishUploadOutput;
import dev.stratus.lexicon.UploadState;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Clock;
import java.time.Instant;
import java.io.UncheckedIOException;
import dev.stratus.core.job.CappedDigestStream;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code finishUpload}: joins the parts, in one streaming pass that also hashes them, into the
 * input of a job with the session's id, and admits that job through the same
 * {@link JobAdmission} as a single-request upload (dedupe; the quota was reserved at the start).
 * Idempotent: a finished session answers its job again; a finish already running is refused as
 * not ready; a finish that crashed is taken over once its lease runs out. The token given to the
 * finish is the one the job later forwards to the PDS.
 */
public final class UploadFinisher {
  private static final Logger LOG = LoggerFactory.getLogger(UploadFinisher.class);
  static final String NOT_A_VIDEO = "the uploaded bytes are not in a video container Stratus reads";

  private final UploadDoor door;
  private final UploadSessionStore sessions;
  private final SessionLookup lookup;
  private final JobAdmission admission;
  private final JobStore jobs;
  private final BlobStore blobs;
  private final MultipartSettings settings;
  private final Clock clock;

  public UploadFinisher(
      UploadDoor door,
      UploadSessionStore sessions,
      JobAdmission admission,
      JobStore jobs,
      BlobStore blobs,
      MultipartSettings settings,
      Clock clock) {
    this.door = door;
    this.sessions = sessions;
    this.lookup = new SessionLookup(sessions);
    this.admission = admission;
    this.jobs = jobs;
    this.blobs = blobs;
    this.settings = settings;
    this.clock = clock;
  }

  public FinishUploadOutput finish(String did, String id, @Nullable PdsHandoff handoff)
      throws UploadRejected, IOException {
    door.checkNotDraining();
    UploadSession session = lookup.owned(did, id);
    if (session.state().equals(UploadState.COMPLETED)) {
      return completed(session);
    }
    String finisher = UUID.randomUUID().toString();
    Instant now = clock.instant();
    return switch (sessions.beginFinish(id, finisher, now, now.plus(settings.finishLease()))) {
      case UploadSessionStore.FinishStart.Began began -> run(began.session(), finisher, handoff);
      case UploadSessionStore.FinishStart.NotBegun notBegun -> throw refusal(notBegun.current());
    };
  }

  private UploadRejected refusal(UploadSession current) {
    Instant now = clock.instant();
    if (SessionLookup.isOpen(current, now)) {
      return new UploadRejected(
          Reason.MISSING_PARTS,
          "parts not received yet: " + String.join(", ", current.missingParts().stream().map(String::valueOf).toList()));
    }
    return SessionLookup.notOpen(current, now);
  }

  private FinishUploadOutput run(UploadSession session, String finisher, @Nullable PdsHandoff handoff)
      throws UploadRejected, IOException {
    String id = session.id();
    String inputKey = BlobKeys.upload(id);
    boolean keepInput = false;
    try {
      if (!ContainerSniffer.looksLikeVideo(head(session))) {
        sessions.failFinish(id, finisher, NOT_A_VIDEO, clock.instant());
        blobs.deleteAll(BlobKeys.partsFolder(id));
        throw new UploadRejected(Reason.UNSUPPORTED_TYPE, NOT_A_VIDEO);
      }
      String sha256 = join(session, inputKey);
      NewJob job = new NewJob(id, session.did(), inputKey, session.mimeType(), session.sizeBytes(), sha256, handoff);
      Admission admitted =
          sessions.completeFinish(id, finisher, job, clock.instant()).orElseThrow(() -> lostFinish(id));
      Uploads.Accepted accepted = admission.accepted(admitted);
      keepInput = !accepted.duplicate();
      blobs.deleteAll(BlobKeys.partsFolder(id));
      return new FinishUploadOutput(accepted.job().id(), accepted.job().toStatus());
    } catch (IOException e) {
      // Storage trouble, not the client's: give the finish back so a retry can take it.
      LOG.warn("upload {}: joining its parts failed: {}", id, e.toString());
      sessions.releaseFinish(id, finisher);
      throw new UploadRejected(Reason.OVERLOADED, "the upload's parts could not be joined just now; retry the finish");
    } finally {
      if (!keepInput) {
        blobs.delete(inputKey);
      }
    }
  }

  private static UploadRejected lostFinish(String id) {
    return new UploadRejected(Reason.NOT_READY, "upload " + id + " is being finished by another request");
  }

  private FinishUploadOutput completed(UploadSession session) throws UploadRejected {
    String jobId = Objects.requireNonNull(session.completedJobId(), "completed session without a job");
    Job job =
        jobs.find(jobId)
            .orElseThrow(() -> new UploadRejected(Reason.NOT_FOUND, "the job of upload " + session.id() + " is gone"));
    return new FinishUploadOutput(jobId, job.toStatus());
  }

  private byte[] head(UploadSession session) throws IOException {
    UploadSession.Part first = session.parts().get(1);
    try (InputStream in = blobs.open(first.key(), 0, Math.min(first.size(), ContainerSniffer.HEAD_BYTES))) {
      return in.readAllBytes();
    }
  }

  /** Streams the parts, in order, into {@code key}; returns the SHA-256 of the whole. */
  private String join(UploadSession session, String key) throws IOException {
    Iterator<UploadSession.Part> parts = session.parts().values().iterator();
    // Each part is opened only when the one before it is used up.
    Enumeration<InputStream> streams =
        new Enumeration<>() {
          @Override
          public boolean hasMoreElements() {
            return parts.hasNext();
          }

          @Override
          public InputStream nextElement() {
            UploadSession.Part part = parts.next();
            try {
              return blobs.open(part.key(), 0, part.size());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    try (CappedDigestStream joined = new CappedDigestStream(new SequenceInputStream(streams), session.sizeBytes())) {
      long size = blobs.put(key, joined);
      if (size != session.sizeBytes()) {
        throw new IOException("joined " + size + " bytes, expected " + session.sizeBytes());
      }
      return joined.sha256Hex();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
