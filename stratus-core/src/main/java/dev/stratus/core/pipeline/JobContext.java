package dev.stratus.core.pipeline;

import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.media.Ladder;
import dev.stratus.core.media.MediaInfo;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.JobState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the steps of one run share: the job, its workspace, and what each step learned for the
 * next. Reports go to the job store under the worker's lease.
 */
public final class JobContext {
  // The jobs' own log: one line per change of progress, for whoever turns DEBUG on.
  private static final Logger LOG = LoggerFactory.getLogger("stratus.jobs");
  private final Job job;
  private final Workspace workspace;
  private final JobStore store;
  private final String workerId;
  private final Duration lease;
  private JobState state;
  private int progress;
  // The furthest point any attempt reached: a resumed attempt never shows less to clients.
  private JobState furthestState;
  private int furthestProgress;
  private @Nullable Path input;
  private @Nullable MediaInfo media;
  private @Nullable Ladder ladder;
  private @Nullable Path output;
  private @Nullable BlobRef blob;
  // Set once the blob is on the uploader's PDS; the pipeline's token watchdog reads it.
  private final AtomicBoolean delivered;
  private boolean ladderPending;
  private @Nullable String completionMessage;
  // Files a growing ladder already put in the blob store, final as they are.
  private Set<String> alreadyStored = Set.of();

  JobContext(Job job, Workspace workspace, JobStore store, String workerId, Duration lease) {
    this(job, workspace, store, workerId, lease, new AtomicBoolean());
  }

  JobContext(Job job, Workspace workspace, JobStore store, String workerId, Duration lease, AtomicBoolean delivered) {
    this.delivered = delivered;
    this.job = job;
    this.workspace = workspace;
    this.store = store;
    this.workerId = workerId;
    this.lease = lease;
    this.state = job.state();
    this.progress = job.progress();
    this.furthestState = job.state();
    this.furthestProgress = job.progress();
  }

  public Job job() {
    return job;
  }

  public Workspace workspace() {
    return workspace;
  }

  /**
   * Records the state and progress, renewing the lease; repeats of the same values are not
   * written. A resumed attempt that has not yet caught up with where an earlier one got is
   * recorded at that earlier point, so clients never see progress go backwards.
   */
  public void report(JobState newState, int newProgress) {
    int clamped = Math.max(0, Math.min(100, newProgress));
    if (newState.equals(state) && clamped == progress) {
      return;
    }
    if (isAhead(newState, clamped, furthestState, furthestProgress)) {
      furthestState = newState;
      furthestProgress = clamped;
    }
    if (!store.update(job.id(), workerId, furthestState, furthestProgress, lease)) {
      throw new LeaseLostException(job.id());
    }
    LOG.debug("job {} {} {}%", job.id(), furthestState, furthestProgress);
    state = newState;
    progress = clamped;
  }

  private static boolean isAhead(JobState state, int progress, JobState than, int thanProgress) {
    int rank = JobState.KNOWN.indexOf(state);
    int thanRank = JobState.KNOWN.indexOf(than);
    return rank > thanRank || (rank == thanRank && progress >= thanProgress);
  }

  /** Progress within the current state. */
  public void progress(int newProgress) {
    report(state, newProgress);
  }

  public JobState state() {
    return state;
  }

  /** Whether a step brought the input into the workspace already. */
  public boolean hasInput() {
    return input != null;
  }

  public Path input() {
    return Objects.requireNonNull(input, "no input fetched yet");
  }

  public void input(Path file) {
    this.input = file;
  }

  public MediaInfo media() {
    return Objects.requireNonNull(media, "input not probed yet");
  }

  public Ladder ladder() {
    return Objects.requireNonNull(ladder, "input not probed yet");
  }

  /** The video's length in seconds once probed, else 0. */
  public double mediaSeconds() {
    return media == null ? 0 : media.durationSeconds();
  }

  public void probed(MediaInfo info, Ladder chosen) {
    this.media = info;
    this.ladder = chosen;
  }

  /** The folder holding the encoded files ({@link dev.stratus.core.media.MediaLayout}). */
  public Path output() {
    return Objects.requireNonNull(output, "not encoded yet");
  }

  public void output(Path folder) {
    this.output = folder;
  }

  /** The blob reached the uploader's PDS: from now on the token's expiry stops nothing. */
  public void markDelivered() {
    synchronized (delivered) {
      delivered.set(true);
    }
  }

  /** True when only the blob was made so far and the HLS ladder is still to be built from it. */
  public boolean ladderPending() {
    return ladderPending;
  }

  public void ladderPending(boolean pending) {
    this.ladderPending = pending;
  }

  /** What the completed job tells its client, when a step has more to say than that it worked. */
  public Optional<String> completionMessage() {
    return Optional.ofNullable(completionMessage);
  }

  public void completionMessage(String message) {
    this.completionMessage = message;
  }

  /** Paths relative to the media folder that are stored already and need not be stored again. */
  public Set<String> alreadyStored() {
    return alreadyStored;
  }

  public void alreadyStored(Set<String> relativePaths) {
    this.alreadyStored = Set.copyOf(relativePaths);
  }

  public BlobRef blob() {
    return Objects.requireNonNull(blob, "no blob yet");
  }

  public void blob(BlobRef ref) {
    this.blob = ref;
  }
}
