package dev.stratus.firehose;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One message of the event stream, as far as a video service cares. */
public sealed interface Event {
  /**
   * A commit: the video posts it creates or updates, and the posts it deletes.
   *
   * @param seq the stream's sequence number
   * @param did the account ({@code repo} on the wire)
   * @param rev the commit's revision
   * @param videos posts created or updated with a video embed
   * @param deletedPosts the record keys of posts deleted (their videos may now be unreferenced)
   */
  record Commit(long seq, String did, String rev, List<PostedVideo> videos, List<String> deletedPosts) implements Event {}

  /**
   * An account's hosting status changed.
   *
   * @param active whether it is active at the emitting host
   * @param status why not ({@code takendown}, {@code suspended}, {@code deleted}, {@code deactivated}, …)
   */
  record Account(long seq, String did, boolean active, @Nullable String status) implements Event {}

  /** The account's DID document or handle may have changed: its PDS may have moved. */
  record Identity(long seq, String did) implements Event {}

  /** The account's repository state was reset; its records may have to be read again. */
  record Sync(long seq, String did, String rev) implements Event {}

  /** Advice from the server, e.g. {@code OutdatedCursor}; carries no sequence number. */
  record Info(String name, @Nullable String message) implements Event {}

  /** The server's last word before it closes the stream, e.g. {@code FutureCursor} or {@code ConsumerTooSlow}. */
  record Error(String error, @Nullable String message) implements Event {}

  /** A message type this version does not know: skipped, its sequence number still counted when it has one. */
  record Unknown(String type, long seq) implements Event {}
}
