package dev.stratus.server.ingest;

import dev.stratus.atproto.CachingDidResolver;
import dev.stratus.firehose.Event;
import dev.stratus.firehose.FirehoseSubscriber;
import dev.stratus.firehose.PostedVideo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Stratus does with each event of the stream it follows: posts that embed a video queue it
 * (accounts on other PDS hosts filtered out when asked), deleted posts and accounts that went
 * away hide their media, and a changed identity is resolved afresh next time.
 */
public final class FirehoseIngest implements FirehoseSubscriber.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(FirehoseIngest.class);

  private final NetworkVideos videos;
  private final PdsHostFilter hosts;
  private final CachingDidResolver resolver;

  public FirehoseIngest(NetworkVideos videos, PdsHostFilter hosts, CachingDidResolver resolver) {
    this.videos = videos;
    this.hosts = hosts;
    this.resolver = resolver;
  }

  @Override
  public void handle(Event event) throws InterruptedException {
    switch (event) {
      case Event.Commit commit -> {
        if (!commit.videos().isEmpty() && hosts.accepts(commit.did())) {
          for (PostedVideo video : commit.videos()) {
            videos.posted(commit.did(), video);
          }
        }
        for (String rkey : commit.deletedPosts()) {
          videos.postDeleted(commit.did(), rkey);
        }
      }
      case Event.Account account -> videos.accountStatus(account.did(), account.active(), account.status());
      case Event.Identity identity -> resolver.forget(identity.did());
      case Event.Sync sync -> LOG.info("firehose: the repository of {} was reset to {}", sync.did(), sync.rev());
      case Event.Info info -> LOG.warn("firehose: {}{}", info.name(),
          // OutdatedCursor: the stream no longer holds our cursor; it goes on from its oldest event.
          info.message() == null ? "" : ": " + info.message());
      case Event.Error error -> LOG.warn("firehose: error {}", error.error());
      case Event.Unknown unknown -> LOG.debug("firehose: skipped an event of type {}", unknown.type());
    }
  }
}
