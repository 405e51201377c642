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

  /** The priority stored as {@code rank}; an unknown rank is an upload's. */
  public static JobPriority ofRank(int rank) {
    for (JobPriority priority : values()) {
      if (priority.rank == rank) {
        return priority;
      }
    }
    return UPLOAD;
  }

  /** Lower is claimed sooner; the value stored with the job. */
  public int rank() {
    return rank;
  }
}
