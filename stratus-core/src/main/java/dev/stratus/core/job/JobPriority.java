package dev.stratus.core.job;

/**
 * Which jobs workers take first. A viewer waiting on a video never seen before comes first, then
 * uploads (someone waits on each), then videos seen on the event stream, so a busy stream never
 * delays anyone's own upload.
 */
public enum JobPriority {
  WATCH(0),
  UPLOAD(1),
  STREAM(2);

  private final int rank;

  JobPriority(int rank) {
    this.rank = rank;
  }

  /** Lower is claimed sooner; the value stored with the job. */
  public int rank() {
    return rank;
  }
}
