package dev.stratus.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Optional;

/**
 * Which posts embed which video, kept from the event stream: a post's deletion carries only its
 * record key, so this index tells which video it held and whether any other post of the account
 * still embeds it.
 */
public final class PostedVideos {
  private static final String RECORD =
      "INSERT INTO posted_videos (did, rkey, video_cid, posted_at) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (did, rkey) DO UPDATE SET video_cid = excluded.video_cid, posted_at = excluded.posted_at";
  private static final String FIND = "SELECT video_cid FROM posted_videos WHERE did = ? AND rkey = ?";
  private static final String FORGET = "DELETE FROM posted_videos WHERE did = ? AND rkey = ?";
  private static final String STILL_POSTED = "SELECT count(*) FROM posted_videos WHERE did = ? AND video_cid = ?";

  private final Database db;
  private final Clock clock;

  PostedVideos(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Records that the post {@code did}/{@code rkey} embeds {@code videoCid} (an update replaces it). */
  public void record(String did, String rkey, String videoCid) {
    db.write("recording the video of post " + did + "/" + rkey,
        c -> Database.execute(c, RECORD, did, rkey, videoCid, clock.millis()));
  }

  /**
   * Forgets a deleted (or no longer video) post and returns the video it embedded, if it was known.
   */
  public Optional<String> forget(String did, String rkey) {
    return db.transaction("forgetting post " + did + "/" + rkey, c -> {
      Optional<String> video;
      try (PreparedStatement find = c.prepareStatement(FIND)) {
        find.setString(1, did);
        find.setString(2, rkey);
        try (ResultSet rows = find.executeQuery()) {
          video = rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
        }
      }
      Database.execute(c, FORGET, did, rkey);
      return video;
    });
  }

  /** Whether any post of {@code did} still embeds {@code videoCid}. */
  public boolean stillPosted(String did, String videoCid) {
    return db.read("counting the posts of a video", c -> {
      try (PreparedStatement statement = c.prepareStatement(STILL_POSTED)) {
        statement.setString(1, did);
        statement.setString(2, videoCid);
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          return rows.getLong(1) > 0;
        }
      }
    });
  }
}
