-- Times are epoch milliseconds. STRICT makes SQLite refuse a value of the wrong type instead of
-- storing it as whatever it happens to be.
CREATE TABLE jobs (
  id           TEXT    NOT NULL PRIMARY KEY,
  did          TEXT    NOT NULL,
  state        TEXT    NOT NULL,
  progress     INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
  blob_cid     TEXT,
  blob_mime    TEXT,
  blob_size    INTEGER,
  failure_code TEXT,
  error        TEXT,
  message      TEXT,
  input_key    TEXT    NOT NULL,
  input_mime   TEXT    NOT NULL,
  input_size   INTEGER NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  lease_owner  TEXT,
  lease_until  INTEGER
) STRICT;

CREATE INDEX jobs_claim ON jobs (state, lease_until, created_at);

CREATE INDEX jobs_did ON jobs (did);
