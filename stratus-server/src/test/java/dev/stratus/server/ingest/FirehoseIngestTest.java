package dev.stratus.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.atproto.CachingDidResolver;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobPriority;
import dev.stratus.core.pipeline.CaptionTracks;
import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.FileBlobStore;
import dev.stratus.firehose.Event;
import dev.stratus.firehose.PostedVideo;
import dev.stratus.jdbc.JdbcJobStore;
import dev.stratus.jdbc.MediaHolds;
import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.atproto.FakeDidResolver;
import dev.stratus.testkit.atproto.TestDidDocument;
import dev.stratus.testkit.atproto.TestKeys;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each event of the stream does to the jobs and the holds, on a real SQLite store and file
 * storage; the directory of DIDs is a fake (a remote peer), and caption publishing is recorded.
 */
class FirehoseIngestTest {
  private static final String ALICE = "did:plc:alicealicealicealice12";
  private static final String BOB = "did:plc:bobbobbobbobbobbobbob12";
  private static final String VIDEO = "bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy";
  private static final String OTHER = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
  private static final Duration GRACE = Duration.ofHours(1);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private final FakeDidResolver directory = new FakeDidResolver();
  private final List<String> publishedCaptions = new CopyOnWriteArrayList<>();
  private final AtomicInteger wakes = new AtomicInteger();
  private JdbcJobStore jobs;
  private FileBlobStore blobs;
  private FirehoseIngest ingest;
  private long seq;

  @BeforeEach
  void start() throws Exception {
    jobs = JdbcJobStore.sqlite(dir.resolve("jobs.db"), clock);
    blobs = new FileBlobStore(dir.resolve("blobs"));
    directory.put(TestDidDocument.of(ALICE, TestKeys.k256()).pds("https://pds.alice.example").parse());
    directory.put(TestDidDocument.of(BOB, TestKeys.k256()).pds("https://elsewhere.example").parse());
    CachingDidResolver resolver = new CachingDidResolver(directory, clock);
    CaptionTracks recording = (did, cid) -> publishedCaptions.add(did + "/" + cid);
    NetworkVideos videos = new NetworkVideos(jobs, blobs, jobs.postedVideos(), jobs.videoCaptions(), jobs.mediaHolds(),
        recording, wakes::incrementAndGet, clock, GRACE);
    ingest = new FirehoseIngest(videos, new PdsHostFilter(Set.of("pds.alice.example"), resolver), resolver);
  }

  @AfterEach
  void stop() {
    jobs.close();
  }

  private static PostedVideo post(String rkey, String video, PostedVideo.Caption... captions) {
    return new PostedVideo(rkey, video, "video/mp4", 5_000, 1920, 1080, null, List.of(captions));
  }

  private void commit(String did, List<PostedVideo> posted, List<String> deleted) throws Exception {
    ingest.handle(new Event.Commit(++seq, did, "rev" + seq, posted, deleted));
  }

  @Test
  void aVideoPostQueuesOneJobBelowUploadsWithItsCaptionsAndOtherHostsAreSkipped() throws Exception {
    commit(ALICE, List.of(post("3k1", VIDEO, new PostedVideo.Caption("en", "bafkreien", 100),
        new PostedVideo.Caption("../../etc", "bafkreibad", 100))), List.of());
    commit(ALICE, List.of(post("3k2", VIDEO)), List.of()); // the same video in a second post
    commit(BOB, List.of(post("3k3", OTHER)), List.of()); // on a PDS host not followed

    Job job = jobs.findIngest(ALICE, VIDEO).orElseThrow();
    assertThat(job.sourceCid()).isEqualTo(VIDEO);
    assertThat(job.inputSize()).isEqualTo(5_000);
    assertThat(jobs.claim("worker", Duration.ofMinutes(1))).map(Job::id).contains(job.id());
    assertThat(jobs.claim("worker", Duration.ofMinutes(1))).isEmpty(); // one job for both posts
    assertThat(jobs.findIngest(BOB, OTHER)).isEmpty();
    assertThat(jobs.videoCaptions().of(ALICE, VIDEO)).containsExactly(Map.entry("en", "bafkreien"));
    assertThat(wakes.get()).isPositive();
    assertThat(JobPriority.STREAM.rank()).isGreaterThan(JobPriority.UPLOAD.rank());
  }

  @Test
  void aVideoAlreadyHeldIsNotFetchedAgainButGetsTheNewPostsCaptions() throws Exception {
    blobs.put(BlobKeys.media(ALICE, VIDEO, "playlist.m3u8"), new ByteArrayInputStream("#EXTM3U\n".getBytes()));
    commit(ALICE, List.of(post("3k1", VIDEO, new PostedVideo.Caption("de", "bafkreide", 100))), List.of());

    assertThat(jobs.findIngest(ALICE, VIDEO)).isEmpty();
    assertThat(publishedCaptions).containsExactly(ALICE + "/" + VIDEO);
  }

  @Test
  void aVideoIsRemovedWhenItsLastPostIsDeletedAndBackWhenPostedAgain() throws Exception {
    MediaHolds holds = jobs.mediaHolds();
    commit(ALICE, List.of(post("3k1", VIDEO), post("3k2", VIDEO)), List.of());
    commit(ALICE, List.of(), List.of("3k1"));
    assertThat(holds.hidden(ALICE, VIDEO)).isEmpty(); // another post still shows it
    commit(ALICE, List.of(), List.of("3k2", "3knotavideo"));
    assertThat(holds.hidden(ALICE, VIDEO)).contains("removed");
    assertThat(holds.duePurges(10)).isEmpty();
    clock.advance(GRACE);
    assertThat(holds.duePurges(10)).containsExactly(new MediaHolds.Purge(ALICE, VIDEO));

    commit(ALICE, List.of(post("3k4", VIDEO)), List.of());
    assertThat(holds.hidden(ALICE, VIDEO)).isEmpty();
  }

  @Test
  void accountsTakenDownOrDeletedArePurgedAfterTheGraceAndDeactivatedOnesComeBack() throws Exception {
    MediaHolds holds = jobs.mediaHolds();
    ingest.handle(new Event.Account(++seq, ALICE, false, "takendown"));
    ingest.handle(new Event.Account(++seq, BOB, false, "deactivated"));
    assertThat(holds.hidden(ALICE, VIDEO)).contains("takendown");
    assertThat(holds.hidden(BOB, OTHER)).contains("deactivated");
    clock.advance(GRACE);
    assertThat(holds.duePurges(10)).containsExactly(new MediaHolds.Purge(ALICE, null));

    new HeldMediaPurge(holds, blobs).sweep();
    ingest.handle(new Event.Account(++seq, BOB, true, null));
    assertThat(holds.hidden(BOB, OTHER)).isEmpty();
    assertThat(holds.duePurges(10)).isEmpty();
  }

  @Test
  void anIdentityEventMakesTheNextLookupAskTheDirectoryAgain() throws Exception {
    commit(BOB, List.of(post("3k1", OTHER)), List.of()); // bob is elsewhere: skipped
    assertThat(jobs.findIngest(BOB, OTHER)).isEmpty();
    // Bob moves to the followed PDS; the cached document still says elsewhere until #identity.
    directory.put(TestDidDocument.of(BOB, TestKeys.k256()).pds("https://pds.alice.example").parse());
    ingest.handle(new Event.Identity(++seq, BOB));
    commit(BOB, List.of(post("3k2", OTHER)), List.of());
    assertThat(jobs.findIngest(BOB, OTHER)).isPresent();
  }
}
