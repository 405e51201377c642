-- The PostgreSQL twin of sqlite/V1: the same columns and meanings. Times are epoch milliseconds
-- (BIGINT), so both dialects read and write them with the same statements.
CREATE TABLE jobs (
  id           TEXT    NOT NULL PRIMARY KEY,
  did          TEXT    NOT NULL,
  state        TEXT    NOT NULL,
  progress     INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
  blob_cid     TEXT,
  blob_mime    TEXT,
  blob_size    BIGINT,
  failure_code TEXT,
  error        TEXT,
  message      TEXT,
  input_key    TEXT    NOT NULL,
  input_mime   TEXT    NOT NULL,
  input_size   BIGINT  NOT NULL,
  created_at   BIGINT  NOT NULL,
  updated_at   BIGINT  NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  lease_owner  TEXT,
  lease_until  BIGINT
);

CREATE INDEX jobs_claim ON jobs (state, lease_until, created_at);

CREATE INDEX jobs_did ON jobs (did);
