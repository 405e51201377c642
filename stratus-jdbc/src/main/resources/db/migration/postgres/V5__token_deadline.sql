-- When the job's forwarded token expires (epoch ms; NULL when nothing is forwarded): the job must
-- reach its PDS before then, so claims take the soonest deadline first.
ALTER TABLE jobs ADD COLUMN deadline_at BIGINT;
