-- The unfinished jobs in the exact order a claim takes them (soonest token deadline, then the
-- rest, oldest first): a claim walks this index from its start and sorts nothing. Finished jobs
-- are not in it, so a claim costs the same with a million of them behind it as with none.
DROP INDEX jobs_unfinished;
DROP INDEX jobs_claim;
CREATE INDEX jobs_claim_order ON jobs ((deadline_at IS NULL), deadline_at, created_at, id)
  WHERE state NOT IN ('JOB_STATE_COMPLETED', 'JOB_STATE_FAILED');
