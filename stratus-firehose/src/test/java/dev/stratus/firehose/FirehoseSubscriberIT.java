package dev.stratus.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.client.PdsSession;
import dev.stratus.client.VideoPost;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.testkit.e2e.Account;
import dev.stratus.testkit.e2e.AtprotoNetwork;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event stream of the real PDS from {@code e2e/}: a video posted with plain {@code uploadBlob}
 * and two captions arrives as a video post, its deletion as a deleted post, and a subscriber
 * started again from its cursor sees only what came after.
 */
class FirehoseSubscriberIT {
  static AtprotoNetwork network;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    network = AtprotoNetwork.start(AtprotoNetwork.defaultE2eDir());
  }

  @AfterAll
  static void stop() throws Exception {
    if (network != null) {
      network.close();
    }
  }

  /** A cursor in memory that the test can read. */
  static final class MemoryCursor implements FirehoseSubscriber.Cursor {
    final AtomicLong seq;

    MemoryCursor(long start) {
      this.seq = new AtomicLong(start);
    }

    @Override
    public OptionalLong load() {
      return OptionalLong.of(seq.get());
    }

    @Override
    public void save(long value) {
      seq.set(value);
    }
  }

  private static Event.Commit awaitCommit(BlockingQueue<Event> events, Predicate<Event.Commit> wanted) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Event event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new AssertionError("no such commit within 60 s");
      }
      if (event instanceof Event.Commit commit && wanted.test(commit)) {
        return commit;
      }
    }
  }

  private static BlobRef upload(PdsSession session, String name, byte[] bytes, String mime) throws Exception {
    Path file = Files.write(dir.resolve(name), bytes);
    return session.uploadBlob(file, mime);
  }

  @Test
  void aVideoPostItsCaptionsAndItsDeletionArriveAndACursorResumes() throws Exception {
    Account alice = network.createAccount("alice");
    PdsSession session = alice.session();
    BlobRef video = upload(session, "clip.mp4", mp4(), "video/mp4");
    BlobRef english = upload(session, "en.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n".getBytes(StandardCharsets.UTF_8), "text/vtt");
    BlobRef german = upload(session, "de.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHallo\n".getBytes(StandardCharsets.UTF_8), "text/vtt");
    MemoryCursor cursor = new MemoryCursor(0); // from the oldest event the PDS keeps
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    String uri;
    long deletedSeq;
    try (FirehoseSubscriber subscriber = new FirehoseSubscriber(network.pdsUrl(), cursor, events::add, Duration.ofSeconds(5))) {
      subscriber.start();
      uri = session.createRecord(VideoPost.COLLECTION, VideoPost.of(video).text("a video").alt("waves")
          .aspectRatio(1280, 720).caption("en", english).caption("de", german).toRecord()).uri();
      String rkey = uri.substring(uri.lastIndexOf('/') + 1);

      Event.Commit posted = awaitCommit(events, c -> c.did().equals(alice.did()) && !c.videos().isEmpty());
      assertThat(posted.videos()).singleElement().satisfies(post -> {
        assertThat(post.rkey()).isEqualTo(rkey);
        assertThat(post.video()).isEqualTo(video.cid());
        assertThat(post.mimeType()).isEqualTo("video/mp4");
        assertThat(post.size()).isEqualTo(video.size());
        assertThat(post.width()).isEqualTo(1280);
        assertThat(post.height()).isEqualTo(720);
        assertThat(post.alt()).isEqualTo("waves");
        assertThat(post.captions()).extracting(PostedVideo.Caption::lang).containsExactly("en", "de");
        assertThat(post.captions()).extracting(PostedVideo.Caption::file).containsExactly(english.cid(), german.cid());
      });

      session.deleteRecord(uri);
      Event.Commit deleted = awaitCommit(events, c -> c.did().equals(alice.did()) && !c.deletedPosts().isEmpty());
      assertThat(deleted.deletedPosts()).containsExactly(rkey);
      deletedSeq = deleted.seq();
    }
    // Closed: every event handed over had its cursor saved.
    assertThat(cursor.seq.get()).isGreaterThanOrEqualTo(deletedSeq);

    // Started again from its cursor: only what came after, not the post or its deletion again.
    BlockingQueue<Event> resumed = new LinkedBlockingQueue<>();
    try (FirehoseSubscriber again = new FirehoseSubscriber(network.pdsUrl(), cursor, resumed::add, Duration.ofSeconds(5))) {
      again.start();
      // The PDS dropped the blob with the post that held it: it is sent again.
      BlobRef resent = upload(session, "clip-again.mp4", mp4(), "video/mp4");
      String later = session.createRecord(VideoPost.COLLECTION, VideoPost.of(resent).text("again").toRecord()).uri();
      Event.Commit next = awaitCommit(resumed, c -> c.did().equals(alice.did()));
      assertThat(next.videos()).extracting(PostedVideo::rkey).containsExactly(later.substring(later.lastIndexOf('/') + 1));
    }
  }

  /** A small file the PDS takes as an MP4: an ftyp box and some filler. */
  private static byte[] mp4() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] brands = "isom\0\0\2\0isomiso2avc1mp41".getBytes(StandardCharsets.ISO_8859_1);
    out.writeBytes(ByteBuffer.allocate(4).putInt(8 + brands.length).array());
    out.writeBytes("ftyp".getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(brands);
    byte[] filler = new byte[4096];
    out.writeBytes(ByteBuffer.allocate(4).putInt(8 + filler.length).array());
    out.writeBytes("free".getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(filler);
    return out.toByteArray();
  }
}
