-- Multipart upload sessions, as in sqlite/V4. A session that is 'created' (and not past
-- expires_at) or 'finishing' reserves one video and size_bytes of its account's daily quota.
CREATE TABLE uploads (
  id               TEXT    NOT NULL PRIMARY KEY,
  did              TEXT    NOT NULL,
  mime_type        TEXT    NOT NULL,
  name             TEXT,
  size_bytes       BIGINT  NOT NULL,
  part_size        BIGINT  NOT NULL,
  part_count       INTEGER NOT NULL,
  state            TEXT    NOT NULL,
  created_at       BIGINT  NOT NULL,
  expires_at       BIGINT  NOT NULL,
  ended_at         BIGINT,
  finisher         TEXT,
  finish_until     BIGINT,
  completed_job_id TEXT,
  failure_reason   TEXT
);

CREATE INDEX uploads_did_state ON uploads (did, state);
CREATE INDEX uploads_state_expiry ON uploads (state, expires_at);
CREATE INDEX uploads_ended ON uploads (ended_at);

-- The part each session has received: the blob key holding its bytes and its size.
CREATE TABLE upload_parts (
  upload_id   TEXT    NOT NULL,
  part_number INTEGER NOT NULL,
  blob_key    TEXT    NOT NULL,
  size        BIGINT  NOT NULL,
  received_at BIGINT  NOT NULL,
  PRIMARY KEY (upload_id, part_number)
);

-- Only unfinished jobs: what workers claim and what counts as the queue.
CREATE INDEX jobs_unfinished ON jobs (created_at, id)
  WHERE state NOT IN ('JOB_STATE_COMPLETED', 'JOB_STATE_FAILED');
