-- Jobs that play a video of the network: its blob is fetched from the author's PDS, not uploaded
-- here. source_cid is that blob's CID (NULL for an upload). priority ranks claims: 0 a viewer is
-- waiting for it, 1 an upload, 2 a video seen on the event stream, so a busy stream never delays
-- anyone's own upload.
ALTER TABLE jobs ADD COLUMN source_cid TEXT;
ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;

DROP INDEX jobs_claim_order;
CREATE INDEX jobs_claim_order ON jobs (priority, (deadline_at IS NULL), deadline_at, created_at, id)
  WHERE state NOT IN ('JOB_STATE_COMPLETED', 'JOB_STATE_FAILED');
CREATE INDEX jobs_source ON jobs (did, source_cid) WHERE source_cid IS NOT NULL;

-- The caption tracks posts attach to a video: one per language (the latest post wins).
CREATE TABLE video_captions (
  did        TEXT    NOT NULL,
  video_cid  TEXT    NOT NULL,
  lang       TEXT    NOT NULL,
  file_cid   TEXT    NOT NULL,
  PRIMARY KEY (did, video_cid, lang)
) STRICT;

-- Videos no longer served because every post embedding them was deleted; their files are deleted
-- once purge_after has passed (purged then set to 1). A new post of the video removes the row.
CREATE TABLE removed_videos (
  did          TEXT    NOT NULL,
  video_cid    TEXT    NOT NULL,
  purge_after  INTEGER NOT NULL,
  purged       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (did, video_cid)
) STRICT;

-- Accounts whose media is not served: deactivated or suspended (hidden, kept; purge_after NULL),
-- deleted or taken down (purged once purge_after has passed). Reactivation removes the row.
CREATE TABLE held_accounts (
  did          TEXT    NOT NULL PRIMARY KEY,
  status       TEXT    NOT NULL,
  purge_after  INTEGER,
  purged       INTEGER NOT NULL DEFAULT 0
) STRICT;
