package dev.stratus.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The caption tracks posts attach to a video, one per language, kept from the event stream: the
 * video may still be encoding when its post arrives, so the tracks wait here for it.
 */
public final class VideoCaptions {
  private static final String RECORD =
      "INSERT INTO video_captions (did, video_cid, lang, file_cid) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (did, video_cid, lang) DO UPDATE SET file_cid = excluded.file_cid";
  private static final String OF_VIDEO =
      "SELECT lang, file_cid FROM video_captions WHERE did = ? AND video_cid = ? ORDER BY lang";

  private final Database db;

  VideoCaptions(Database db) {
    this.db = db;
  }

  /** Records the track of {@code lang}, a WebVTT blob {@code fileCid}, replacing an earlier one. */
  public void record(String did, String videoCid, String lang, String fileCid) {
    db.write("recording a caption of " + did + "/" + videoCid,
        c -> Database.execute(c, RECORD, did, videoCid, lang, fileCid));
  }

  /** The video's tracks: language to the CID of its WebVTT blob, in language order. */
  public Map<String, String> of(String did, String videoCid) {
    return db.read("reading the captions of a video", c -> {
      try (PreparedStatement statement = c.prepareStatement(OF_VIDEO)) {
        statement.setString(1, did);
        statement.setString(2, videoCid);
        Map<String, String> tracks = new LinkedHashMap<>();
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            tracks.put(rows.getString(1), rows.getString(2));
          }
        }
        return tracks;
      }
    });
  }
}
