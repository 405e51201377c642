-- Finished jobs by the time they ended, for the retention sweep that deletes the old ones.
CREATE INDEX jobs_finished ON jobs (updated_at)
  WHERE state IN ('JOB_STATE_COMPLETED', 'JOB_STATE_FAILED');
