-- Where a finished video goes and the uploader's forwarded token; both are cleared when the job
-- ends, so a token lives in the database no longer than its job.
ALTER TABLE jobs ADD COLUMN pds_url TEXT;
ALTER TABLE jobs ADD COLUMN pds_token TEXT;
