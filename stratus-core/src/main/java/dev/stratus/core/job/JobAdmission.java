package dev.stratus.core.job;

import dev.stratus.core.events.JobEvents;

/**
 * The last step of every upload, single-request or multipart: the store admits the job
 * atomically with every other admission (dedupe, quota), then the workers are told. A duplicate
 * comes back as the earlier job; its input is the caller's to delete.
 */
public final class JobAdmission {
  private final JobStore store;
  private final UploadDoor door;
  private final Runnable wakeWorkers;
  private final JobEvents events;

  public JobAdmission(JobStore store, UploadDoor door, Runnable wakeWorkers, JobEvents events) {
    this.store = store;
    this.door = door;
    this.wakeWorkers = wakeWorkers;
    this.events = events;
  }

  /** Admits a job whose input is stored, against the account's quota. */
  public Uploads.Accepted admit(NewJob job) throws UploadRejected {
    return accepted(store.admit(job, door.quota()));
  }

  /**
   * What an admission came to: a created job is announced and the workers woken; a quota refusal
   * becomes the client's error.
   */
  public Uploads.Accepted accepted(Admission admission) throws UploadRejected {
    return switch (admission) {
      case Admission.Created created -> {
        events.created(created.job());
        wakeWorkers.run();
        yield new Uploads.Accepted(created.job(), false);
      }
      case Admission.Duplicate duplicate -> new Uploads.Accepted(duplicate.existing(), true);
      case Admission.OverQuota over -> throw door.overQuota(over.used());
    };
  }
}
