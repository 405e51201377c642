-- How far each followed event stream (a relay's or a PDS's firehose) has been handled: the last
-- sequence number, so a restart resumes there. One row per stream URL.
CREATE TABLE stream_cursors (
  source     TEXT    NOT NULL PRIMARY KEY,
  seq        BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
