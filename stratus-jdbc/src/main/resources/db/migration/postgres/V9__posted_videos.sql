-- Which posts embed which video, as the event stream told: a post's deletion names only its record
-- key, so this is how a video whose last post is gone is found. One row per post.
CREATE TABLE posted_videos (
  did        TEXT    NOT NULL,
  rkey       TEXT    NOT NULL,
  video_cid  TEXT    NOT NULL,
  posted_at  BIGINT NOT NULL,
  PRIMARY KEY (did, rkey)
);

CREATE INDEX posted_videos_video ON posted_videos (did, video_cid);
