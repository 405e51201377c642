-- The SHA-256 of each upload, so the same account sending the same bytes again finds its
-- earlier job; and an index for counting an account's uploads in the quota window.
ALTER TABLE jobs ADD COLUMN input_sha256 TEXT;

CREATE INDEX jobs_did_sha256 ON jobs (did, input_sha256);

CREATE INDEX jobs_did_created ON jobs (did, created_at);
