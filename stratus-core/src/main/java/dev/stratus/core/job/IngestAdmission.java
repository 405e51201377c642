package dev.stratus.core.job;

/** What {@link JobStore#admitIngest} did with a video of the network. */
public sealed interface IngestAdmission {
  Job job();

  /** A new job was stored. */
  record Created(Job job) implements IngestAdmission {}

  /** A job for the same video is waiting or running (raised to the new priority if that is higher). */
  record Running(Job job) implements IngestAdmission {}

  /** The same video failed a moment ago; it is not fetched again so soon. */
  record RecentlyFailed(Job job) implements IngestAdmission {}
}
