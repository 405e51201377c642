package dev.stratus.server.ingest;

import dev.stratus.core.job.IngestAdmission;
import dev.stratus.core.job.JobId;
import dev.stratus.core.job.JobPriority;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.job.NewIngest;
import dev.stratus.core.media.CaptionFile;
import dev.stratus.core.media.MediaLayout;
import dev.stratus.core.pipeline.CaptionTracks;
import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import dev.stratus.firehose.PostedVideo;
import dev.stratus.jdbc.MediaHolds;
import dev.stratus.jdbc.PostedVideos;
import dev.stratus.jdbc.VideoCaptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Stratus knows and does about the videos of the network: posts that embed them (and their
 * captions), posts and accounts that went away, and the jobs that fetch and encode a video it
 * does not hold yet, whether the event stream or a viewer asks for it.
 */
public final class NetworkVideos {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkVideos.class);
  /** A video that could not be had is not fetched again sooner than this. */
  public static final Duration MISS_PAUSE = Duration.ofMinutes(1);
  // Account statuses whose media goes for good (after the grace period); any other inactive
  // status (deactivated, suspended, ...) only hides it until the account is active again.
  private static final Set<String> FINAL_STATUSES = Set.of("deleted", "takendown");

  private final JobStore jobs;
  private final BlobStore blobs;
  private final PostedVideos posts;
  private final VideoCaptions captions;
  private final MediaHolds holds;
  private final CaptionTracks tracks;
  private final Runnable wakeWorkers;
  private final Clock clock;
  private final Duration removalGrace;
  private final JobId ids = new JobId();

  public NetworkVideos(
      JobStore jobs,
      BlobStore blobs,
      PostedVideos posts,
      VideoCaptions captions,
      MediaHolds holds,
      CaptionTracks tracks,
      Runnable wakeWorkers,
      Clock clock,
      Duration removalGrace) {
    this.jobs = jobs;
    this.blobs = blobs;
    this.posts = posts;
    this.captions = captions;
    this.holds = holds;
    this.tracks = tracks;
    this.wakeWorkers = wakeWorkers;
    this.clock = clock;
    this.removalGrace = removalGrace;
  }

  /** Whether the video's media is stored (its master playlist exists: it plays, or is growing). */
  public boolean stored(String did, String cid) {
    try {
      return blobs.size(BlobKeys.media(did, cid, MediaLayout.MASTER_PLAYLIST)).isPresent();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Why the video is not served (removed, or its account's status), empty when it is. */
  public Optional<String> hidden(String did, String cid) {
    return holds.hidden(did, cid);
  }

  /**
   * A post of {@code did} embeds a video: remembered (with its captions), served again if it had
   * been removed, and fetched unless it is stored already; a stored one gets its captions now.
   */
  public void posted(String did, PostedVideo video) throws InterruptedException {
    posts.record(did, video.rkey(), video.video());
    for (PostedVideo.Caption caption : video.captions()) {
      if (CaptionFile.isLanguageTag(caption.lang())) {
        captions.record(did, video.video(), caption.lang(), caption.file());
      } else {
        LOG.info("post {} of {}: skipped a caption with the language tag {}", video.rkey(), did, caption.lang());
      }
    }
    holds.restoreVideo(did, video.video());
    if (stored(did, video.video())) {
      tracks.publish(did, video.video());
    } else {
      request(did, video.video(), video.size(), JobPriority.STREAM);
    }
  }

  /** A post of {@code did} was deleted: when it was its video's last post, the video is removed. */
  public void postDeleted(String did, String rkey) {
    posts.forget(did, rkey).ifPresent(video -> {
      if (!posts.stillPosted(did, video)) {
        holds.removeVideo(did, video, clock.instant().plus(removalGrace));
        LOG.info("video {} of {}: its last post was deleted; no longer served", video, did);
      }
    });
  }

  /**
   * The account's hosting status changed: an active account's media is served; a deleted or taken
   * down one's is hidden and deleted after the grace period; any other is hidden and kept.
   */
  public void accountStatus(String did, boolean active, @Nullable String status) {
    if (active) {
      holds.releaseAccount(did);
      return;
    }
    String normalized = status == null || status.isBlank() ? "inactive" : status.toLowerCase(Locale.ROOT);
    boolean purge = FINAL_STATUSES.contains(normalized);
    holds.holdAccount(did, normalized, purge ? clock.instant().plus(removalGrace) : null);
    LOG.info("account {} is {}: its media is no longer served{}", did, normalized, purge ? " and will be deleted" : "");
  }

  /**
   * Queues the video for fetching and encoding unless a job for it runs already (then raised to
   * {@code priority}) or it failed within {@link #MISS_PAUSE}.
   */
  public IngestAdmission request(String did, String cid, long declaredSize, JobPriority priority) {
    IngestAdmission admission = jobs.admitIngest(
        new NewIngest(ids.next(), did, cid, Math.max(0, declaredSize), priority), clock.instant().minus(MISS_PAUSE));
    if (admission instanceof IngestAdmission.Created created) {
      LOG.info("video {} of {} queued ({}) as job {}", cid, did, priority.name().toLowerCase(Locale.ROOT), created.job().id());
    }
    if (!(admission instanceof IngestAdmission.RecentlyFailed)) {
      wakeWorkers.run();
    }
    return admission;
  }
}
