package dev.stratus.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Media that is not served: videos whose every post was deleted, and accounts that are deactivated,
 * suspended, deleted or taken down. Playback asks {@link #hidden} before it serves a file; the
 * files themselves are deleted once a hold's purge time has passed ({@link #duePurges}).
 */
public final class MediaHolds {
  private static final String REMOVE_VIDEO =
      "INSERT INTO removed_videos (did, video_cid, purge_after) VALUES (?, ?, ?)"
          + " ON CONFLICT (did, video_cid) DO NOTHING";
  private static final String RESTORE_VIDEO =
      "DELETE FROM removed_videos WHERE did = ? AND video_cid = ? RETURNING purged";
  private static final String HOLD_ACCOUNT =
      "INSERT INTO held_accounts (did, status, purge_after) VALUES (?, ?, ?)"
          + " ON CONFLICT (did) DO UPDATE SET status = excluded.status, purge_after = excluded.purge_after";
  private static final String RELEASE_ACCOUNT = "DELETE FROM held_accounts WHERE did = ? RETURNING purged";
  private static final String HIDDEN =
      "SELECT status FROM held_accounts WHERE did = ?"
          + " UNION ALL SELECT 'removed' FROM removed_videos WHERE did = ? AND video_cid = ?";
  private static final String DUE_VIDEOS =
      "SELECT did, video_cid FROM removed_videos WHERE purged = 0 AND purge_after <= ? LIMIT ?";
  private static final String DUE_ACCOUNTS =
      "SELECT did FROM held_accounts WHERE purged = 0 AND purge_after IS NOT NULL AND purge_after <= ? LIMIT ?";
  private static final String VIDEO_PURGED =
      "UPDATE removed_videos SET purged = 1 WHERE did = ? AND video_cid = ?";
  private static final String ACCOUNT_PURGED = "UPDATE held_accounts SET purged = 1 WHERE did = ?";

  private final Database db;
  private final Clock clock;

  MediaHolds(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * A media folder to delete: one video, or (with a null {@code videoCid}) every video of an
   * account.
   */
  public record Purge(String did, @Nullable String videoCid) {}

  /** Stops serving the video; its files go once {@code purgeAfter} has passed (an earlier removal stands). */
  public void removeVideo(String did, String videoCid, Instant purgeAfter) {
    db.write("removing the video " + videoCid + " of " + did,
        c -> Database.execute(c, REMOVE_VIDEO, did, videoCid, purgeAfter.toEpochMilli()));
  }

  /**
   * Serves a removed video again (a new post embeds it). Returns true when its files had already
   * been purged, so it must be fetched again.
   */
  public boolean restoreVideo(String did, String videoCid) {
    return db.write("restoring the video " + videoCid + " of " + did,
        c -> purgedFlag(c.prepareStatement(RESTORE_VIDEO), did, videoCid));
  }

  /**
   * Stops serving every video of the account because of {@code status}; with a {@code purgeAfter}
   * their files go then, without one they are kept for a reactivation.
   */
  public void holdAccount(String did, String status, @Nullable Instant purgeAfter) {
    db.write("holding the media of " + did,
        c -> Database.execute(c, HOLD_ACCOUNT, did, status, purgeAfter == null ? null : purgeAfter.toEpochMilli()));
  }

  /** Serves the account's media again. Returns true when its files had already been purged. */
  public boolean releaseAccount(String did) {
    return db.write("releasing the media of " + did, c -> purgedFlag(c.prepareStatement(RELEASE_ACCOUNT), did));
  }

  private static boolean purgedFlag(PreparedStatement statement, String... values) throws java.sql.SQLException {
    try (statement) {
      for (int i = 0; i < values.length; i++) {
        statement.setString(i + 1, values[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() && rows.getInt(1) == 1;
      }
    }
  }

  /** Why the video is not served ({@code removed}, or the account's status), empty when it is. */
  public Optional<String> hidden(String did, String videoCid) {
    return db.read("checking whether a video is served", c -> {
      PreparedStatement statement = db.keptForReading(HIDDEN);
      statement.setString(1, did);
      statement.setString(2, did);
      statement.setString(3, videoCid);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    });
  }

  /** Up to {@code limit} holds whose files are due for deletion now. */
  public List<Purge> duePurges(int limit) {
    long now = clock.millis();
    return db.read("finding media to purge", c -> {
      List<Purge> due = new ArrayList<>();
      try (PreparedStatement accounts = c.prepareStatement(DUE_ACCOUNTS)) {
        accounts.setLong(1, now);
        accounts.setInt(2, limit);
        try (ResultSet rows = accounts.executeQuery()) {
          while (rows.next()) {
            due.add(new Purge(rows.getString(1), null));
          }
        }
      }
      try (PreparedStatement videos = c.prepareStatement(DUE_VIDEOS)) {
        videos.setLong(1, now);
        videos.setInt(2, limit);
        try (ResultSet rows = videos.executeQuery()) {
          while (rows.next()) {
            due.add(new Purge(rows.getString(1), rows.getString(2)));
          }
        }
      }
      return due;
    });
  }

  /** Records that a purge's files are gone. */
  public void purged(Purge purge) {
    db.write("recording a purge of " + purge.did(), c -> purge.videoCid() == null
        ? Database.execute(c, ACCOUNT_PURGED, purge.did())
        : Database.execute(c, VIDEO_PURGED, purge.did(), purge.videoCid()));
  }
}
