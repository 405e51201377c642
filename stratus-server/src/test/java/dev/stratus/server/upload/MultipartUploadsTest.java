package dev.stratus.server.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.core.events.JobEvents;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobAdmission;
import dev.stratus.core.job.JobId;
import dev.stratus.core.job.Overload;
import dev.stratus.core.job.UploadDoor;
import dev.stratus.core.job.UploadGate;
import dev.stratus.core.job.UploadPolicy;
import dev.stratus.core.job.UploadRejected;
import dev.stratus.core.job.UploadRejected.Reason;
import dev.stratus.core.job.Usage;
import dev.stratus.core.media.InputLimits;
import dev.stratus.core.storage.FileBlobStore;
import dev.stratus.core.upload.MultipartSettings;
import dev.stratus.core.upload.MultipartUploads;
import dev.stratus.core.upload.PartReceiver;
import dev.stratus.core.upload.UploadFinisher;
import dev.stratus.core.upload.UploadJanitor;
import dev.stratus.jdbc.JdbcJobStore;
import dev.stratus.lexicon.FinishUploadOutput;
import dev.stratus.lexicon.StartUploadOutput;
import dev.stratus.lexicon.UploadState;
import dev.stratus.lexicon.UploadStatus;
import dev.stratus.testkit.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multipart engine on the real SQLite store and real files, with a manual clock and no HTTP:
 * races held open with latches, expiry and retention by moving the clock.
 */
@Timeout(60)
class MultipartUploadsTest {
  private static final long PART = MultipartSettings.MIN_PART_SIZE;
  private static final String DID = "did:plc:multipartengine00000000";
  private static final Duration EXPIRY = Duration.ofHours(1);
  private static final Duration RETENTION = Duration.ofHours(24);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private JdbcJobStore store;
  private PausingBlobStore blobs;
  private Overload overload;
  private MultipartUploads uploads;
  private PartReceiver parts;
  private UploadFinisher finisher;
  private UploadJanitor janitor;
  // Three parts: two whole ones and a short last one.
  private final byte[] video = video(2 * PART + 1234, 1);

  @BeforeEach
  void build() throws IOException {
    store = JdbcJobStore.sqlite(dir.resolve("stratus.db"), clock);
    blobs = new PausingBlobStore(new FileBlobStore(dir.resolve("blobs")));
    overload = new Overload(store, 5);
    UploadPolicy policy = new UploadPolicy(300_000_000, 3, 10_000_000_000L, Duration.ofDays(1));
    UploadDoor door = new UploadDoor(store, policy, UploadGate.configured(Set.of(), false), overload, clock);
    JobAdmission admission = new JobAdmission(store, door, () -> {}, JobEvents.NONE);
    MultipartSettings settings = new MultipartSettings(PART, EXPIRY, 2, Duration.ofMinutes(10), RETENTION);
    uploads =
        new MultipartUploads(door, store.uploadSessions(), store, blobs, new JobId(), settings, InputLimits.DEFAULTS, clock);
    parts = new PartReceiver(door, store.uploadSessions(), blobs, clock);
    finisher = new UploadFinisher(door, store.uploadSessions(), admission, store, blobs, settings, clock);
    janitor = new UploadJanitor(store.uploadSessions(), blobs, settings, clock);
  }

  @AfterEach
  void close() {
    blobs.release();
    threads.shutdownNow();
    store.close();
  }

  /** Bytes that start like an MP4 file, so the finish's container check lets them through. */
  static byte[] video(long size, long seed) {
    byte[] bytes = new byte[Math.toIntExact(size)];
    new Random(seed).nextBytes(bytes);
    byte[] ftyp = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
    System.arraycopy(ftyp, 0, bytes, 0, ftyp.length);
    return bytes;
  }

  private StartUploadOutput start(byte[] bytes) throws Exception {
    return uploads.start(DID, new MultipartUploads.StartRequest(bytes.length, "video/mp4", "clip.mp4", null, null, null));
  }

  private static byte[] slice(byte[] bytes, int number) {
    int from = (int) ((number - 1) * PART);
    return Arrays.copyOfRange(bytes, from, (int) Math.min(bytes.length, from + PART));
  }

  private void send(String id, byte[] bytes, int number) throws Exception {
    byte[] part = slice(bytes, number);
    parts.receive(DID, id, number, part.length, () -> new ByteArrayInputStream(part));
  }

  private void sendAll(String id, byte[] bytes) throws Exception {
    for (int n = 1; n <= 3; n++) {
      send(id, bytes, n);
    }
  }

  private List<Path> files(String folder) throws IOException {
    Path root = dir.resolve("blobs").resolve(folder);
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private Usage usage() {
    return store.usage(DID, clock.instant().minus(Duration.ofDays(1)));
  }

  private static Reason reason(ThrowingCall call) {
    try {
      call.run();
    } catch (UploadRejected e) {
      return e.reason();
    } catch (Exception e) {
      throw new AssertionError("expected a refusal, got " + e, e);
    }
    throw new AssertionError("expected a refusal, the call succeeded");
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }

  /** A body that sends its first half, then waits for {@code go} before the rest. */
  private static InputStream stalling(byte[] part, CountDownLatch halfway, CountDownLatch go) {
    return new InputStream() {
      private int position;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (position >= part.length) {
          return -1;
        }
        if (position >= part.length / 2 && halfway.getCount() > 0) {
          halfway.countDown();
          try {
            if (!go.await(30, TimeUnit.SECONDS)) {
              throw new IOException("never released");
            }
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
        }
        int limit = position < part.length / 2 ? part.length / 2 : part.length;
        int n = Math.min(len, limit - position);
        System.arraycopy(part, position, b, off, n);
        position += n;
        return n;
      }
    };
  }

  @Test
  void anUploadInPartsBecomesAJobWithTheWholeFileAsItsInput() throws Exception {
    StartUploadOutput plan = start(video);
    assertThat(plan.partCount()).isEqualTo(3);
    assertThat(plan.partSizeBytes()).isEqualTo(PART);
    assertThat(plan.expiresAt()).isEqualTo("2026-12-01T01:00:00Z");
    // Parts may come in any order.
    send(plan.jobId(), video, 3);
    send(plan.jobId(), video, 1);
    send(plan.jobId(), video, 2);

    FinishUploadOutput finished = finisher.finish(DID, plan.jobId(), null);

    assertThat(finished.completedJobId()).isEqualTo(plan.jobId());
    assertThat(finished.jobStatus().jobId()).isEqualTo(plan.jobId());
    Job job = store.find(plan.jobId()).orElseThrow();
    assertThat(job.inputSize()).isEqualTo(video.length);
    assertThat(Files.readAllBytes(dir.resolve("blobs").resolve(job.inputKey()))).isEqualTo(video);
    assertThat(files("parts")).isEmpty();
    assertThat(usage()).isEqualTo(new Usage(1, video.length));
  }

  @Test
  void theSamePartSentTwiceAtOnceIsStoredOnceWhole() throws Exception {
    StartUploadOutput plan = start(video);
    byte[] part = slice(video, 1);
    CountDownLatch halfway = new CountDownLatch(2);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch firstHalf = new CountDownLatch(1);
    CountDownLatch secondHalf = new CountDownLatch(1);
    Future<?> a = threads.submit(() -> {
      parts.receive(DID, plan.jobId(), 1, part.length, () -> stalling(part, firstHalf, go));
      return null;
    });
    Future<?> b = threads.submit(() -> {
      parts.receive(DID, plan.jobId(), 1, part.length, () -> stalling(part, secondHalf, go));
      return null;
    });
    assertThat(firstHalf.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(secondHalf.await(10, TimeUnit.SECONDS)).isTrue();
    // Both writes are half done: nothing counts yet.
    assertThat(uploads.status(DID, plan.jobId()).receivedParts()).isEmpty();
    go.countDown();
    a.get(10, TimeUnit.SECONDS);
    b.get(10, TimeUnit.SECONDS);

    assertThat(uploads.status(DID, plan.jobId()).receivedParts()).containsExactly(1);
    List<Path> stored = files("parts");
    assertThat(stored).hasSize(1);
    assertThat(Files.readAllBytes(stored.get(0))).isEqualTo(part);
    assertThat(halfway.getCount()).isEqualTo(2);
  }

  @Test
  void aPartThatIsTooShortOrTooLongNeverCounts() throws Exception {
    StartUploadOutput plan = start(video);
    byte[] part = slice(video, 1);
    byte[] shorter = Arrays.copyOf(part, part.length - 1);
    byte[] longer = Arrays.copyOf(part, part.length + 1);
    // No Content-Length: the body itself decides, and is cut off one byte past the part.
    assertThat(reason(() -> parts.receive(DID, plan.jobId(), 1, -1, () -> new ByteArrayInputStream(shorter))))
        .isEqualTo(Reason.PART_SIZE_MISMATCH);
    assertThat(reason(() -> parts.receive(DID, plan.jobId(), 1, -1, () -> new ByteArrayInputStream(longer))))
        .isEqualTo(Reason.PART_SIZE_MISMATCH);
    assertThat(reason(() -> parts.receive(DID, plan.jobId(), 1, part.length + 1, () -> {
      throw new AssertionError("a declared mismatch is refused before the body is opened");
    }))).isEqualTo(Reason.PART_SIZE_MISMATCH);
    assertThat(reason(() -> parts.receive(DID, plan.jobId(), 4, 1, () -> new ByteArrayInputStream(new byte[1]))))
        .isEqualTo(Reason.INVALID_PART_NUMBER);
    assertThat(uploads.status(DID, plan.jobId()).receivedParts()).isEmpty();
    assertThat(files("parts")).isEmpty();
    assertThat(files(".staging")).isEmpty();
  }

  @Test
  void aFinishWhileAPartIsStillInFlightUsesTheRecordedPartsAndTheLatePartChangesNothing() throws Exception {
    StartUploadOutput plan = start(video);
    send(plan.jobId(), video, 1);
    send(plan.jobId(), video, 3);
    // Part 2 is on its way and not yet whole: the finish reports it missing.
    byte[] part2 = slice(video, 2);
    CountDownLatch halfway = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    Future<?> inFlight = threads.submit(() -> {
      parts.receive(DID, plan.jobId(), 2, part2.length, () -> stalling(part2, halfway, go));
      return null;
    });
    assertThat(halfway.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> finisher.finish(DID, plan.jobId(), null))
        .isInstanceOf(UploadRejected.class)
        .hasMessage("parts not received yet: 2")
        .extracting(e -> ((UploadRejected) e).reason())
        .isEqualTo(Reason.MISSING_PARTS);
    go.countDown();
    inFlight.get(10, TimeUnit.SECONDS);

    // A resent part 2 is in flight while the finish runs: it arrives too late to count.
    CountDownLatch halfway2 = new CountDownLatch(1);
    CountDownLatch go2 = new CountDownLatch(1);
    Future<?> late = threads.submit(() -> {
      parts.receive(DID, plan.jobId(), 2, part2.length, () -> stalling(part2, halfway2, go2));
      return null;
    });
    assertThat(halfway2.await(10, TimeUnit.SECONDS)).isTrue();
    FinishUploadOutput finished = finisher.finish(DID, plan.jobId(), null);
    go2.countDown();
    assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(UploadRejected.class)
        .cause()
        .extracting(e -> ((UploadRejected) e).reason())
        .isEqualTo(Reason.ALREADY_COMPLETED);

    Job job = store.find(finished.completedJobId()).orElseThrow();
    assertThat(sha256(Files.readAllBytes(dir.resolve("blobs").resolve(job.inputKey())))).isEqualTo(sha256(video));
    assertThat(files("parts")).isEmpty();
    assertThat(files(".staging")).isEmpty();
  }

  @Test
  void anAbortDuringAFinishIsNotReadyAndTheFinishCompletes() throws Exception {
    StartUploadOutput plan = start(video);
    sendAll(plan.jobId(), video);
    CountDownLatch paused = blobs.pauseNextPartRead();
    Future<FinishUploadOutput> finishing = threads.submit(() -> finisher.finish(DID, plan.jobId(), null));
    assertThat(paused.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(reason(() -> uploads.abort(DID, plan.jobId()))).isEqualTo(Reason.NOT_READY);
    assertThat(uploads.status(DID, plan.jobId()).state()).isEqualTo(UploadState.FINISHING);
    assertThat(reason(() -> send(plan.jobId(), video, 1))).isEqualTo(Reason.NOT_READY);
    blobs.release();

    assertThat(finishing.get(10, TimeUnit.SECONDS).completedJobId()).isEqualTo(plan.jobId());
    assertThat(uploads.abort(DID, plan.jobId()).state()).isEqualTo(UploadState.COMPLETED);
    assertThat(uploads.abort(DID, plan.jobId()).completedJobId()).isEqualTo(plan.jobId());
  }

  @Test
  void twoFinishesAtOnceMakeOneJobAndAThirdAnswersTheSame() throws Exception {
    StartUploadOutput plan = start(video);
    sendAll(plan.jobId(), video);
    CountDownLatch paused = blobs.pauseNextPartRead();
    Future<FinishUploadOutput> first = threads.submit(() -> finisher.finish(DID, plan.jobId(), null));
    assertThat(paused.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(reason(() -> finisher.finish(DID, plan.jobId(), null))).isEqualTo(Reason.NOT_READY);
    blobs.release();
    FinishUploadOutput done = first.get(10, TimeUnit.SECONDS);
    FinishUploadOutput again = finisher.finish(DID, plan.jobId(), null);

    assertThat(again.completedJobId()).isEqualTo(done.completedJobId());
    assertThat(again.jobStatus().jobId()).isEqualTo(done.jobStatus().jobId());
    assertThat(usage()).isEqualTo(new Usage(1, video.length));
  }

  @Test
  void theSameVideoAgainCompletesAsTheEarlierJob() throws Exception {
    StartUploadOutput first = start(video);
    sendAll(first.jobId(), video);
    finisher.finish(DID, first.jobId(), null);
    StartUploadOutput second = start(video);
    sendAll(second.jobId(), video);

    FinishUploadOutput again = finisher.finish(DID, second.jobId(), null);

    assertThat(again.completedJobId()).isEqualTo(first.jobId());
    assertThat(again.jobStatus().jobId()).isEqualTo(first.jobId());
    assertThat(store.find(second.jobId())).isEmpty();
    UploadStatus status = uploads.status(DID, second.jobId());
    assertThat(status.state()).isEqualTo(UploadState.COMPLETED);
    assertThat(status.completedJobId()).isEqualTo(first.jobId());
    assertThat(usage().videos()).isEqualTo(1);
    assertThat(files("uploads")).hasSize(1);
    assertThat(files("parts")).isEmpty();
  }

  @Test
  void bytesThatAreNotAVideoContainerFailTheUpload() throws Exception {
    byte[] text = new byte[100];
    Arrays.fill(text, (byte) 'a');
    StartUploadOutput plan = uploads.start(DID, new MultipartUploads.StartRequest(100, "video/mp4", null, null, null, null));
    parts.receive(DID, plan.jobId(), 1, 100, () -> new ByteArrayInputStream(text));

    assertThat(reason(() -> finisher.finish(DID, plan.jobId(), null))).isEqualTo(Reason.UNSUPPORTED_TYPE);

    UploadStatus status = uploads.status(DID, plan.jobId());
    assertThat(status.state()).isEqualTo(UploadState.FAILED);
    assertThat(status.failureReason()).contains("not in a video container");
    assertThat(reason(() -> finisher.finish(DID, plan.jobId(), null))).isEqualTo(Reason.FAILED);
    assertThat(usage()).isEqualTo(new Usage(0, 0));
    assertThat(files("parts")).isEmpty();
  }

  @Test
  void anExpiredUploadRefusesPartsReleasesItsQuotaAndIsForgottenAfterRetention() throws Exception {
    StartUploadOutput plan = start(video);
    send(plan.jobId(), video, 1);
    assertThat(usage()).isEqualTo(new Usage(1, video.length));

    clock.advance(EXPIRY);
    assertThat(reason(() -> send(plan.jobId(), video, 2))).isEqualTo(Reason.EXPIRED);
    assertThat(reason(() -> finisher.finish(DID, plan.jobId(), null))).isEqualTo(Reason.EXPIRED);
    assertThat(uploads.status(DID, plan.jobId()).state()).isEqualTo(UploadState.EXPIRED);
    assertThat(usage()).isEqualTo(new Usage(0, 0));

    assertThat(janitor.sweep()).isEqualTo(new UploadJanitor.Sweep(1, 0));
    assertThat(files("parts")).isEmpty();
    assertThat(uploads.abort(DID, plan.jobId()).state()).isEqualTo(UploadState.EXPIRED);

    clock.advance(RETENTION.minusSeconds(1));
    assertThat(janitor.sweep()).isEqualTo(new UploadJanitor.Sweep(0, 0));
    assertThat(uploads.status(DID, plan.jobId()).state()).isEqualTo(UploadState.EXPIRED);
    clock.advance(Duration.ofSeconds(2));
    assertThat(janitor.sweep()).isEqualTo(new UploadJanitor.Sweep(0, 1));
    assertThat(reason(() -> uploads.status(DID, plan.jobId()))).isEqualTo(Reason.NOT_FOUND);
  }

  @Test
  void abortsAndExpiriesGiveTheQuotaBackAndLeakNothing() throws Exception {
    // Quota 3 videos a day, 2 open uploads at once.
    StartUploadOutput a = start(video);
    StartUploadOutput b = start(video(1000, 2));
    assertThat(reason(() -> start(video(1000, 3)))).isEqualTo(Reason.TOO_MANY_OPEN);
    send(a.jobId(), video, 1);

    assertThat(uploads.abort(DID, a.jobId()).state()).isEqualTo(UploadState.ABORTED);
    assertThat(files("parts")).isEmpty();
    assertThat(reason(() -> send(a.jobId(), video, 2))).isEqualTo(Reason.ABORTED);
    assertThat(reason(() -> finisher.finish(DID, a.jobId(), null))).isEqualTo(Reason.ABORTED);
    assertThat(uploads.abort(DID, a.jobId()).state()).isEqualTo(UploadState.ABORTED);
    assertThat(usage()).isEqualTo(new Usage(1, 1000));

    clock.advance(EXPIRY);
    janitor.sweep();
    assertThat(usage()).isEqualTo(new Usage(0, 0));
    assertThat(uploads.status(DID, b.jobId()).state()).isEqualTo(UploadState.EXPIRED);

    // Three fresh uploads fit; the fourth is over the daily videos.
    for (int i = 0; i < 3; i++) {
      byte[] bytes = video(1000, 10 + i);
      StartUploadOutput plan = start(bytes);
      parts.receive(DID, plan.jobId(), 1, bytes.length, () -> new ByteArrayInputStream(bytes));
      finisher.finish(DID, plan.jobId(), null);
    }
    assertThatThrownBy(() -> start(video(1000, 20)))
        .isInstanceOf(UploadRejected.class)
        .hasMessage(UploadPolicy.VIDEOS_EXCEEDED);
  }

  @Test
  void anotherAccountCannotSeeOrTouchTheUpload() throws Exception {
    StartUploadOutput plan = start(video);
    String mallory = "did:plc:mallory0000000000000000";
    assertThat(reason(() -> uploads.status(mallory, plan.jobId()))).isEqualTo(Reason.NOT_FOUND);
    assertThat(reason(() -> parts.receive(mallory, plan.jobId(), 1, PART, InputStream::nullInputStream)))
        .isEqualTo(Reason.NOT_FOUND);
    assertThat(reason(() -> finisher.finish(mallory, plan.jobId(), null))).isEqualTo(Reason.NOT_FOUND);
    assertThat(reason(() -> uploads.abort(mallory, plan.jobId()))).isEqualTo(Reason.NOT_FOUND);
    assertThat(uploads.status(DID, plan.jobId()).state()).isEqualTo(UploadState.CREATED);
  }

  @Test
  void aFullQueueRefusesNewUploadsAndADrainingNodeRefusesParts() throws Exception {
    StartUploadOutput plan = start(video);
    // Nothing processes jobs here: five finished uploads fill the queue.
    for (int i = 0; i < 2; i++) {
      byte[] bytes = video(1000, 30 + i);
      StartUploadOutput small = start(bytes);
      parts.receive(DID, small.jobId(), 1, bytes.length, () -> new ByteArrayInputStream(bytes));
      finisher.finish(DID, small.jobId(), null);
    }
    for (int i = 0; i < 3; i++) {
      store.create(new dev.stratus.core.job.NewJob("queued" + i, "did:plc:other", "uploads/q" + i, "video/mp4", 1, "ff" + i, null));
    }
    assertThat(store.waitingJobs()).isEqualTo(5);
    assertThat(reason(() -> start(video(1000, 40)))).isEqualTo(Reason.OVERLOADED);
    // An upload already started goes on.
    send(plan.jobId(), video, 1);

    overload.startDraining();
    assertThat(reason(() -> send(plan.jobId(), video, 2))).isEqualTo(Reason.OVERLOADED);
    assertThat(reason(() -> finisher.finish(DID, plan.jobId(), null))).isEqualTo(Reason.OVERLOADED);
  }

  @Test
  void advisoryDurationAndShapeAreRefusedEarly() {
    assertThat(reason(() -> uploads.start(DID, new MultipartUploads.StartRequest(1000, "video/mp4", null, 601_000L, null, null))))
        .isEqualTo(Reason.TOO_LONG);
    assertThat(reason(() -> uploads.start(DID, new MultipartUploads.StartRequest(1000, "video/mp4", null, null, 100L, 1000L))))
        .isEqualTo(Reason.BAD_ASPECT_RATIO);
    assertThat(reason(() -> uploads.start(DID, new MultipartUploads.StartRequest(1000, "image/png", null, null, null, null))))
        .isEqualTo(Reason.UNSUPPORTED_TYPE);
    assertThat(reason(() -> uploads.start(DID, new MultipartUploads.StartRequest(300_000_001, "video/mp4", null, null, null, null))))
        .isEqualTo(Reason.TOO_LARGE);
    assertThat(usage()).isEqualTo(new Usage(0, 0));
  }
}
