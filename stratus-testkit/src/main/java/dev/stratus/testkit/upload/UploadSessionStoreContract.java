package dev.stratus.testkit.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stratus.core.job.Admission;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.job.NewJob;
import dev.stratus.core.job.Quota;
import dev.stratus.core.job.Usage;
import dev.stratus.core.upload.NewUploadSession;
import dev.stratus.core.upload.UploadSession;
import dev.stratus.core.upload.UploadSession.Part;
import dev.stratus.core.upload.UploadSessionStore;
import dev.stratus.core.upload.UploadSessionStore.FinishStart;
import dev.stratus.core.upload.UploadSessionStore.PartRecord;
import dev.stratus.core.upload.UploadSessionStore.Reservation;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.UploadState;
import dev.stratus.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link UploadSessionStore} must do, checked against the real thing together with the
 * {@link JobStore} on the same database (a session's reservation counts in
 * {@link JobStore#usage}, and finishing one creates a job). Extend it and return fresh, empty
 * stores on one new database from {@link #newStores}; where the database can be opened a second
 * time (another process, another pool), return that from {@link #openAnother} so the races are
 * also run across two instances. Stores keep time to the millisecond, so the clock starts on a
 * whole millisecond.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class UploadSessionStoreContract {
  private static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
  private static final String OTHER_DID = "did:plc:someoneelse";
  private static final long PART_SIZE = 1_000;
  /** Three parts: two of {@link #PART_SIZE} and one of 500. */
  private static final long SIZE = 2_500;
  private static final Duration TTL = Duration.ofHours(1);
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final long MAX_OPEN = 100;
  private static final BlobRef BLOB =
      BlobRef.of("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", "video/mp4", 10);

  /**
   * The job store and the upload session store of one database. {@link #close} closes what the
   * two hold; by default each of them that is {@link AutoCloseable}, once.
   */
  public record Stores(JobStore jobs, UploadSessionStore sessions, AutoCloseable closer)
      implements AutoCloseable {

    public Stores(JobStore jobs, UploadSessionStore sessions) {
      this(jobs, sessions, () -> closeEach(jobs, sessions));
    }

    @Override
    public void close() throws Exception {
      closer.close();
    }

    private static void closeEach(JobStore jobs, UploadSessionStore sessions) throws Exception {
      if (jobs instanceof AutoCloseable closeable) {
        closeable.close();
      }
      if (sessions != (Object) jobs && sessions instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  private final MutableClock clock = new MutableClock();
  private final List<Stores> opened = new ArrayList<>();
  // Set by openStores before each test; JUnit makes a new instance per test.
  private JobStore jobs;
  private UploadSessionStore sessions;

  /** New stores on a new, empty database, reading time from {@code clock}. */
  protected abstract Stores newStores(MutableClock clock);

  /**
   * Another instance of the stores on the database of the latest {@link #newStores}, reading the
   * same clock, as a second process would open it; null (the default) where that is not possible.
   */
  protected @Nullable Stores openAnother() {
    return null;
  }

  @BeforeEach
  void openStores() {
    Stores stores = newStores(clock);
    opened.add(stores);
    jobs = stores.jobs();
    sessions = stores.sessions();
  }

  @AfterEach
  void closeStores() throws Exception {
    for (Stores stores : opened.reversed()) {
      stores.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // reserve and find

  @Test
  void reserveStoresACreatedSessionWithEveryFieldAndNoParts() {
    Instant now = clock.instant();
    NewUploadSession input =
        new NewUploadSession("upload-a", DID, "video/quicktime", "holiday.mov", 2_500, 1_000, now.plus(TTL));

    Reservation reservation = sessions.reserve(input, roomy(), MAX_OPEN, now);

    UploadSession expected =
        new UploadSession(
            "upload-a",
            DID,
            "video/quicktime",
            "holiday.mov",
            2_500,
            1_000,
            3,
            UploadState.CREATED,
            now,
            now.plus(TTL),
            null,
            null,
            null,
            new TreeMap<>());
    assertThat(reservation).isEqualTo(new Reservation.Reserved(expected));
    assertThat(sessions.find("upload-a")).contains(expected);
  }

  @Test
  void partCountIsTheSizeOverThePartSizeRoundedUp() {
    assertThat(reserve("exact", DID, 3_000).partCount()).isEqualTo(3);
    assertThat(reserve("one-over", DID, 3_001).partCount()).isEqualTo(4);
    assertThat(reserve("one-byte", DID, 1).partCount()).isEqualTo(1);
    assertThat(reserve("just-under", DID, 999).partCount()).isEqualTo(1);
    assertThat(find("one-over").partCount()).isEqualTo(4);
    assertThat(find("one-over").expectedSize(4)).isEqualTo(1);
  }

  @Test
  void sessionWithoutANameKeepsItNull() {
    NewUploadSession input =
        new NewUploadSession("upload-a", DID, "video/mp4", null, 10, PART_SIZE, clock.instant().plus(TTL));

    assertThat(sessions.reserve(input, roomy(), MAX_OPEN, clock.instant()))
        .isInstanceOf(Reservation.Reserved.class);
    assertThat(find("upload-a").name()).isNull();
  }

  @Test
  void unknownSessionIsNotFound() {
    assertThat(sessions.find("no-such-upload")).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // reservations: usage, quota, maxOpen

  @Test
  void reservationsCountInUsageAsOneVideoAndTheirSize() {
    reserve("upload-a", DID, 100);
    reserve("upload-b", DID, 250);
    reserve("upload-c", OTHER_DID, 7);

    assertThat(usage(DID)).isEqualTo(new Usage(2, 350));
    assertThat(usage(OTHER_DID)).isEqualTo(new Usage(1, 7));

    jobs.create(newJob("job-a", DID, 1_000, "sha-a"));
    assertThat(usage(DID)).isEqualTo(new Usage(3, 1_350));
  }

  @Test
  void reservationsFillTheVideoQuota() {
    Quota two = quota(2, 1_000_000);

    assertThat(reserve(newSession("upload-a", DID, 100), two, MAX_OPEN)).isInstanceOf(Reservation.Reserved.class);
    assertThat(reserve(newSession("upload-b", DID, 100), two, MAX_OPEN)).isInstanceOf(Reservation.Reserved.class);

    assertThat(reserve(newSession("upload-c", DID, 100), two, MAX_OPEN))
        .isEqualTo(new Reservation.OverQuota(new Usage(2, 200)));
    assertThat(sessions.find("upload-c")).isEmpty();
    assertThat(jobs.admit(newJob("job-a", DID, 100, "sha-a"), two))
        .as("an upload in one piece sees the reservations too")
        .isEqualTo(new Admission.OverQuota(new Usage(2, 200)));
    assertThat(reserve(newSession("upload-d", OTHER_DID, 100), two, MAX_OPEN))
        .as("another account has its own quota")
        .isInstanceOf(Reservation.Reserved.class);
  }

  @Test
  void reservationsFillTheByteQuota() {
    Quota kilobyte = quota(10, 1_000);

    assertThat(reserve(newSession("upload-a", DID, 600), kilobyte, MAX_OPEN)).isInstanceOf(Reservation.Reserved.class);
    assertThat(reserve(newSession("upload-b", DID, 500), kilobyte, MAX_OPEN))
        .isEqualTo(new Reservation.OverQuota(new Usage(1, 600)));
    assertThat(reserve(newSession("upload-c", DID, 400), kilobyte, MAX_OPEN)).isInstanceOf(Reservation.Reserved.class);
    assertThat(reserve(newSession("upload-d", DID, 1), kilobyte, MAX_OPEN))
        .isEqualTo(new Reservation.OverQuota(new Usage(2, 1_000)));

    assertThat(sessions.find("upload-b")).isEmpty();
    assertThat(sessions.find("upload-d")).isEmpty();
    assertThat(jobs.admit(newJob("job-a", DID, 1, "sha-a"), kilobyte))
        .isEqualTo(new Admission.OverQuota(new Usage(2, 1_000)));
  }

  @Test
  void jobsInTheWindowCountAgainstAReservation() {
    Quota one = quota(1, 1_000_000);
    assertThat(jobs.admit(newJob("job-a", DID, 300, "sha-a"), one)).isInstanceOf(Admission.Created.class);

    assertThat(reserve(newSession("upload-a", DID, 100), one, MAX_OPEN))
        .isEqualTo(new Reservation.OverQuota(new Usage(1, 300)));
    assertThat(sessions.find("upload-a")).isEmpty();
  }

  @Test
  void maxOpenRefusesOneSessionMoreAndOnlyForThatAccount() {
    assertThat(reserve(newSession("upload-a", DID, 100), roomy(), 2)).isInstanceOf(Reservation.Reserved.class);
    assertThat(reserve(newSession("upload-b", DID, 100), roomy(), 2)).isInstanceOf(Reservation.Reserved.class);

    assertThat(reserve(newSession("upload-c", DID, 100), roomy(), 2)).isEqualTo(new Reservation.TooManyOpen(2));
    assertThat(sessions.find("upload-c")).isEmpty();
    assertThat(usage(DID)).isEqualTo(new Usage(2, 200));
    assertThat(reserve(newSession("upload-d", OTHER_DID, 100), roomy(), 2)).isInstanceOf(Reservation.Reserved.class);
  }

  @Test
  void aFinishingSessionIsStillOpen() {
    finishing("upload-a", "finisher-a");
    reserve("upload-b", DID, SIZE);

    assertThat(reserve(newSession("upload-c", DID, 100), roomy(), 2)).isEqualTo(new Reservation.TooManyOpen(2));
    assertThat(usage(DID)).isEqualTo(new Usage(2, 2 * SIZE));
  }

  @Test
  void parallelReservesNeverOvershootTheQuota() throws Exception {
    List<Reservation> results = reserveInParallel(List.of(sessions), quota(3, 1_000_000), MAX_OPEN);

    assertExactlyThreeReserved(results, Reservation.OverQuota.class);
  }

  @Test
  void parallelReservesNeverOvershootMaxOpen() throws Exception {
    List<Reservation> results = reserveInParallel(List.of(sessions), roomy(), 3);

    assertExactlyThreeReserved(results, Reservation.TooManyOpen.class);
  }

  @Test
  void parallelReservesOnTwoInstancesOfTheDatabaseNeverOvershootTheQuota() throws Exception {
    Stores another = another();

    List<Reservation> results =
        reserveInParallel(List.of(sessions, another.sessions()), quota(3, 1_000_000), MAX_OPEN);

    assertExactlyThreeReserved(results, Reservation.OverQuota.class);
    assertThat(another.jobs().usage(DID, windowStart())).isEqualTo(new Usage(3, 300));
  }

  @Test
  void parallelReservesOnTwoInstancesOfTheDatabaseNeverOvershootMaxOpen() throws Exception {
    Stores another = another();

    List<Reservation> results = reserveInParallel(List.of(sessions, another.sessions()), roomy(), 3);

    assertExactlyThreeReserved(results, Reservation.TooManyOpen.class);
  }

  @Test
  void anExpiredSessionNoLongerCountsInUsageNorAgainstMaxOpen() {
    UploadSession session = reserve("upload-a", DID, 100);
    clock.advance(TTL.minusMillis(1));
    assertThat(usage(DID)).as("a moment before expiry").isEqualTo(new Usage(1, 100));
    assertThat(reserve(newSession("upload-b", DID, 100), roomy(), 1)).isEqualTo(new Reservation.TooManyOpen(1));

    clock.set(session.expiresAt());

    assertThat(find("upload-a").stateAt(clock.instant())).isEqualTo(UploadState.EXPIRED);
    assertThat(usage(DID)).isEqualTo(new Usage(0, 0));
    assertThat(reserve(newSession("upload-c", DID, 100), quota(1, 100), 1))
        .isInstanceOf(Reservation.Reserved.class);
  }

  // ---------------------------------------------------------------------------------------------
  // parts

  @Test
  void recordingAPartReturnsNoKeyTheFirstTime() {
    reserve("upload-a", DID, SIZE);
    Part one = new Part(1, "parts/upload-a/1", 1_000);
    Part three = new Part(3, "parts/upload-a/3", 500);

    assertThat(sessions.recordPart("upload-a", three, clock.instant())).isEqualTo(new PartRecord.Recorded(null));
    assertThat(sessions.recordPart("upload-a", one, clock.instant())).isEqualTo(new PartRecord.Recorded(null));

    UploadSession found = find("upload-a");
    assertThat(found.parts()).containsExactly(entry(1, one), entry(3, three));
    assertThat(found.missingParts()).containsExactly(2);
    assertThat(found.state()).isEqualTo(UploadState.CREATED);
  }

  @Test
  void recordingAPartAgainReturnsTheKeyItReplaces() {
    reserve("upload-a", DID, SIZE);
    sessions.recordPart("upload-a", new Part(2, "parts/upload-a/2-first", 1_000), clock.instant());

    assertThat(sessions.recordPart("upload-a", new Part(2, "parts/upload-a/2-second", 1_000), clock.instant()))
        .isEqualTo(new PartRecord.Recorded("parts/upload-a/2-first"));
    Part last = new Part(2, "parts/upload-a/2-third", 1_000);
    assertThat(sessions.recordPart("upload-a", last, clock.instant()))
        .isEqualTo(new PartRecord.Recorded("parts/upload-a/2-second"));

    assertThat(find("upload-a").parts()).containsExactly(entry(2, last));
  }

  @Test
  void aPartForAFinishingSessionIsNotRecorded() {
    UploadSession finishing = finishing("upload-a", "finisher-a");

    assertThat(sessions.recordPart("upload-a", new Part(1, "parts/late", 1_000), clock.instant()))
        .isEqualTo(new PartRecord.Closed(finishing));
    assertThat(find("upload-a")).isEqualTo(finishing);
  }

  @Test
  void aPartForAnAbortedSessionIsNotRecorded() {
    reserve("upload-a", DID, SIZE);
    Part one = new Part(1, "parts/upload-a/1", 1_000);
    sessions.recordPart("upload-a", one, clock.instant());
    UploadSession aborted = sessions.abort("upload-a", clock.instant()).orElseThrow();

    assertThat(sessions.recordPart("upload-a", new Part(2, "parts/late", 1_000), clock.instant()))
        .isEqualTo(new PartRecord.Closed(aborted));
    assertThat(sessions.recordPart("upload-a", new Part(1, "parts/again", 1_000), clock.instant()))
        .isEqualTo(new PartRecord.Closed(aborted));
    assertThat(find("upload-a").parts()).containsExactly(entry(1, one));
  }

  @Test
  void aPartForAnExpiredSessionIsNotRecorded() {
    UploadSession session = reserve("upload-a", DID, SIZE);
    clock.set(session.expiresAt());

    PartRecord record = sessions.recordPart("upload-a", new Part(1, "parts/late", 1_000), clock.instant());

    assertThat(record).isEqualTo(new PartRecord.Closed(find("upload-a")));
    assertThat(((PartRecord.Closed) record).current().stateAt(clock.instant())).isEqualTo(UploadState.EXPIRED);
    assertThat(find("upload-a").parts()).isEmpty();
  }

  @Test
  void aPartForAnExpiredSessionIsNotRecordedOnceTheSessionIsMarkedExpired() {
    UploadSession session = reserve("upload-a", DID, SIZE);
    clock.set(session.expiresAt());
    sessions.expire(clock.instant());

    assertThat(sessions.recordPart("upload-a", new Part(1, "parts/late", 1_000), clock.instant()))
        .isEqualTo(new PartRecord.Closed(find("upload-a")));
    assertThat(find("upload-a").parts()).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // beginFinish

  @Test
  void finishDoesNotBeginWhilePartsAreMissing() {
    reserve("upload-a", DID, SIZE);
    record("upload-a", 1);
    record("upload-a", 3);

    FinishStart start = sessions.beginFinish("upload-a", "finisher-a", clock.instant(), leaseEnd());

    assertThat(start).isEqualTo(new FinishStart.NotBegun(find("upload-a")));
    assertThat(find("upload-a").state()).isEqualTo(UploadState.CREATED);
    assertThat(sessions.recordPart("upload-a", part("upload-a", 2), clock.instant()))
        .as("still open for parts")
        .isEqualTo(new PartRecord.Recorded(null));
  }

  @Test
  void finishBeginsOnceEveryPartIsThere() {
    reserve("upload-a", DID, SIZE);
    withEveryPart("upload-a");

    FinishStart start = sessions.beginFinish("upload-a", "finisher-a", clock.instant(), leaseEnd());

    UploadSession found = find("upload-a");
    assertThat(start).isEqualTo(new FinishStart.Began(found));
    assertThat(found.state()).isEqualTo(UploadState.FINISHING);
    assertThat(found.parts()).containsOnlyKeys(1, 2, 3);
    assertThat(found.endedAt()).isNull();
  }

  @Test
  void aSecondFinisherCannotBeginWhileTheLeaseIsLive() {
    UploadSession finishing = finishing("upload-a", "finisher-a");
    Instant leaseUntil = clock.instant().plus(LEASE);

    assertThat(sessions.beginFinish("upload-a", "finisher-b", clock.instant(), clock.instant().plus(LEASE)))
        .isEqualTo(new FinishStart.NotBegun(finishing));
    clock.set(leaseUntil.minusMillis(1));
    assertThat(sessions.beginFinish("upload-a", "finisher-b", clock.instant(), clock.instant().plus(LEASE)))
        .isEqualTo(new FinishStart.NotBegun(finishing));
    assertThat(sessions.releaseFinish("upload-a", "finisher-b")).as("not held by b").isFalse();
    assertThat(sessions.failFinish("upload-a", "finisher-b", "no", clock.instant())).isFalse();
    assertThat(sessions.completeFinish("upload-a", "finisher-b", jobFor(finishing, "sha-a"), clock.instant()))
        .isEmpty();
    assertThat(find("upload-a")).isEqualTo(finishing);
    assertThat(jobs.find("upload-a")).isEmpty();
  }

  @Test
  void anotherFinisherTakesOverOnceTheLeaseRanOutAndTheFormerOneCanNoLongerEndIt() {
    UploadSession finishing = finishing("upload-a", "finisher-a");
    clock.advance(LEASE.plusMillis(1));

    FinishStart start = sessions.beginFinish("upload-a", "finisher-b", clock.instant(), leaseEnd());

    assertThat(start).isEqualTo(new FinishStart.Began(finishing));
    assertThat(sessions.completeFinish("upload-a", "finisher-a", jobFor(finishing, "sha-a"), clock.instant()))
        .isEmpty();
    assertThat(sessions.failFinish("upload-a", "finisher-a", "too slow", clock.instant())).isFalse();
    assertThat(sessions.releaseFinish("upload-a", "finisher-a")).isFalse();
    assertThat(find("upload-a")).isEqualTo(finishing);
    assertThat(jobs.find("upload-a")).isEmpty();

    assertThat(sessions.completeFinish("upload-a", "finisher-b", jobFor(finishing, "sha-a"), clock.instant()))
        .hasValueSatisfying(admission -> assertThat(admission).isInstanceOf(Admission.Created.class));
  }

  @Test
  void finishDoesNotBeginOnAnExpiredSession() {
    UploadSession session = reserve("upload-a", DID, SIZE);
    withEveryPart("upload-a");
    clock.set(session.expiresAt());

    assertThat(sessions.beginFinish("upload-a", "finisher-a", clock.instant(), leaseEnd()))
        .isInstanceOf(FinishStart.NotBegun.class);
    assertThat(find("upload-a").state()).isNotEqualTo(UploadState.FINISHING);
  }

  @Test
  void finishDoesNotBeginOnAnEndedSession() {
    UploadSession finishing = finishing("upload-a", "finisher-a");
    sessions.completeFinish("upload-a", "finisher-a", jobFor(finishing, "sha-a"), clock.instant());
    UploadSession completed = find("upload-a");
    clock.advance(LEASE.plusSeconds(1));

    assertThat(sessions.beginFinish("upload-a", "finisher-b", clock.instant(), leaseEnd()))
        .isEqualTo(new FinishStart.NotBegun(completed));
    assertThat(find("upload-a")).isEqualTo(completed);
  }

  // ---------------------------------------------------------------------------------------------
  // completeFinish

  @Test
  void completeFinishCreatesTheJobAndCompletesTheSession() {
    UploadSession finishing = finishing("upload-a", "finisher-a");
    clock.advance(Duration.ofSeconds(3));
    Instant now = clock.instant();
    NewJob input = jobFor(finishing, "sha-a");

    Optional<Admission> admission = sessions.completeFinish("upload-a", "finisher-a", input, now);

    assertThat(admission).containsInstanceOf(Admission.Created.class);
    Job job = ((Admission.Created) admission.orElseThrow()).job();
    assertThat(job.id()).isEqualTo("upload-a");
    assertThat(job.did()).isEqualTo(DID);
    assertThat(job.state()).isEqualTo(JobState.CREATED);
    assertThat(job.inputKey()).isEqualTo(input.inputKey());
    assertThat(job.inputSize()).isEqualTo(SIZE);
    assertThat(job.createdAt()).isEqualTo(now);
    assertThat(jobs.find("upload-a")).contains(job);

    UploadSession completed = find("upload-a");
    assertThat(completed.state()).isEqualTo(UploadState.COMPLETED);
    assertThat(completed.completedJobId()).isEqualTo("upload-a");
    assertThat(completed.endedAt()).isEqualTo(now);
    assertThat(completed.failureReason()).isNull();
    assertThat(completed.parts()).isEqualTo(finishing.parts());

    assertThat(usage(DID)).as("the job, not the job and the reservation").isEqualTo(new Usage(1, SIZE));
    assertThat(jobs.waitingJobs()).isEqualTo(1);
  }

  @Test
  void aCompletedFinishCannotBeEndedAgain() {
    UploadSession finishing = finishing("upload-a", "finisher-a");
    NewJob input = jobFor(finishing, "sha-a");
    sessions.completeFinish("upload-a", "finisher-a", input, clock.instant());
    UploadSession completed = find("upload-a");
    clock.advance(Duration.ofSeconds(1));

    assertThat(sessions.completeFinish("upload-a", "finisher-a", input, clock.instant())).isEmpty();
    assertThat(sessions.failFinish("upload-a", "finisher-a", "again", clock.instant())).isFalse();
    assertThat(sessions.releaseFinish("upload-a", "finisher-a")).isFalse();
    assertThat(find("upload-a")).isEqualTo(completed);
  }

  @Test
  void completeFinishOfBytesAlreadySentReturnsTheEarlierJob() {
    Job earlier = jobs.create(newJob("job-early", DID, SIZE, "same"));
    UploadSession finishing = finishing("upload-a", "finisher-a");

    Optional<Admission> admission =
        sessions.completeFinish("upload-a", "finisher-a", jobFor(finishing, "same"), clock.instant());

    assertThat(admission).contains(new Admission.Duplicate(earlier));
    assertThat(jobs.find("upload-a")).isEmpty();
    UploadSession completed = find("upload-a");
    assertThat(completed.state()).isEqualTo(UploadState.COMPLETED);
    assertThat(completed.completedJobId()).isEqualTo("job-early");
    assertThat(completed.endedAt()).isEqualTo(clock.instant());
    assertThat(usage(DID)).as("the earlier job only").isEqualTo(new Usage(1, SIZE));
  }

  @Test
  void completeFinishOfBytesWhoseEarlierJobFailedCreatesANewJob() {
    Job earlier = jobs.create(newJob("job-early", DID, SIZE, "same"));
    assertThat(jobs.claim("worker-a", LEASE)).isPresent();
    jobs.fail(earlier.id(), "worker-a", FailureCode.ENCODING_FAILURE, "boom", "Try again");
    UploadSession finishing = finishing("upload-a", "finisher-a");

    Optional<Admission> admission =
        sessions.completeFinish("upload-a", "finisher-a", jobFor(finishing, "same"), clock.instant());

    assertThat(admission).containsInstanceOf(Admission.Created.class);
    assertThat(jobs.find("upload-a")).isPresent();
    assertThat(find("upload-a").completedJobId()).isEqualTo("upload-a");
  }

  @Test
  void completeFinishAppliesNoQuotaTheReservationPaidForTheJob() {
    Quota one = quota(1, 1_000_000);
    assertThat(reserve(newSession("upload-a", DID, SIZE), one, MAX_OPEN)).isInstanceOf(Reservation.Reserved.class);
    withEveryPart("upload-a");
    UploadSession finishing = began(sessions.beginFinish("upload-a", "finisher-a", clock.instant(), leaseEnd()));
    jobs.create(newJob("job-other", DID, 700, "sha-other"));
    assertThat(jobs.admit(newJob("job-more", DID, 1, "sha-more"), one))
        .as("the account's quota is full")
        .isInstanceOf(Admission.OverQuota.class);

    Optional<Admission> admission =
        sessions.completeFinish("upload-a", "finisher-a", jobFor(finishing, "sha-a"), clock.instant());

    assertThat(admission).containsInstanceOf(Admission.Created.class);
    assertThat(jobs.find("upload-a")).isPresent();
    assertThat(find("upload-a").state()).isEqualTo(UploadState.COMPLETED);
    assertThat(usage(DID)).isEqualTo(new Usage(2, SIZE + 700));
  }

  // ---------------------------------------------------------------------------------------------
  // failFinish and releaseFinish

  @Test
  void failFinishEndsTheSessionAndReleasesTheReservation() {
    finishing("upload-a", "finisher-a");
    clock.advance(Duration.ofSeconds(2));
    Instant now = clock.instant();

    assertThat(sessions.failFinish("upload-a", "finisher-a", "the parts are not a video", now)).isTrue();

    UploadSession failed = find("upload-a");
    assertThat(failed.state()).isEqualTo(UploadState.FAILED);
    assertThat(failed.failureReason()).isEqualTo("the parts are not a video");
    assertThat(failed.endedAt()).isEqualTo(now);
    assertThat(failed.completedJobId()).isNull();
    assertThat(usage(DID)).isEqualTo(new Usage(0, 0));
    assertThat(jobs.find("upload-a")).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    assertThat(sessions.failFinish("upload-a", "finisher-a", "again", clock.instant())).isFalse();
    assertThat(sessions.beginFinish("upload-a", "finisher-b", clock.instant(), leaseEnd()))
        .isEqualTo(new FinishStart.NotBegun(failed));
    assertThat(sessions.abort("upload-a", clock.instant())).contains(failed);
  }

  @Test
  void releaseFinishGoesBackToCreatedAndTheFinishCanBeginAgain() {
    UploadSession finishing = finishing("upload-a", "finisher-a");

    assertThat(sessions.releaseFinish("upload-a", "finisher-a")).isTrue();

    UploadSession released = find("upload-a");
    assertThat(released.state()).isEqualTo(UploadState.CREATED);
    assertThat(released.endedAt()).isNull();
    assertThat(released.parts()).isEqualTo(finishing.parts());
    assertThat(usage(DID)).as("still reserved").isEqualTo(new Usage(1, SIZE));
    assertThat(sessions.releaseFinish("upload-a", "finisher-a")).as("no longer held").isFalse();

    assertThat(sessions.beginFinish("upload-a", "finisher-b", clock.instant(), leaseEnd()))
        .as("at once, without waiting for the released lease")
        .isEqualTo(new FinishStart.Began(finishing));
    assertThat(sessions.completeFinish("upload-a", "finisher-a", jobFor(finishing, "sha-a"), clock.instant()))
        .isEmpty();
    assertThat(sessions.completeFinish("upload-a", "finisher-b", jobFor(finishing, "sha-a"), clock.instant()))
        .containsInstanceOf(Admission.Created.class);
  }

  @Test
  void aFinishingSessionKeepsItsReservationPastItsExpiry() {
    UploadSession session = reserve("upload-a", DID, SIZE);
    withEveryPart("upload-a");
    clock.set(session.expiresAt().minusSeconds(1));
    sessions.beginFinish("upload-a", "finisher-a", clock.instant(), leaseEnd());

    clock.set(session.expiresAt().plusSeconds(1));

    assertThat(usage(DID)).isEqualTo(new Usage(1, SIZE));
    assertThat(sessions.completeFinish("upload-a", "finisher-a", jobFor(session, "sha-a"), clock.instant()))
        .as("a finish that began in time may end after the expiry")
        .containsInstanceOf(Admission.Created.class);
  }

  // ---------------------------------------------------------------------------------------------
  // abort

  @Test
  void abortEndsACreatedSessionAndReleasesItsReservation() {
    reserve("upload-a", DID, SIZE);
    record("upload-a", 1);
    clock.advance(Duration.ofSeconds(1));
    Instant now = clock.instant();

    Optional<UploadSession> aborted = sessions.abort("upload-a", now);

    assertThat(aborted).isPresent();
    assertThat(aborted.orElseThrow().state()).isEqualTo(UploadState.ABORTED);
    assertThat(aborted.orElseThrow().endedAt()).isEqualTo(now);
    assertThat(aborted.orElseThrow().parts()).containsOnlyKeys(1);
    assertThat(sessions.find("upload-a")).isEqualTo(aborted);
    assertThat(usage(DID)).isEqualTo(new Usage(0, 0));
    assertThat(reserve(newSession("upload-b", DID, SIZE), quota(1, SIZE), 1))
        .as("neither the quota nor maxOpen counts it")
        .isInstanceOf(Reservation.Reserved.class);

    clock.advance(Duration.ofSeconds(1));
    assertThat(sessions.abort("upload-a", clock.instant())).as("aborting again changes nothing").isEqualTo(aborted);
  }

  @Test
  void abortOfAFinishingSessionChangesNothing() {
    UploadSession finishing = finishing("upload-a", "finisher-a");

    assertThat(sessions.abort("upload-a", clock.instant())).contains(finishing);

    assertThat(find("upload-a")).isEqualTo(finishing);
    assertThat(usage(DID)).isEqualTo(new Usage(1, SIZE));
    assertThat(sessions.completeFinish("upload-a", "finisher-a", jobFor(finishing, "sha-a"), clock.instant()))
        .containsInstanceOf(Admission.Created.class);
  }

  @Test
  void abortOfACompletedSessionChangesNothing() {
    UploadSession finishing = finishing("upload-a", "finisher-a");
    sessions.completeFinish("upload-a", "finisher-a", jobFor(finishing, "sha-a"), clock.instant());
    UploadSession completed = find("upload-a");
    clock.advance(Duration.ofSeconds(1));

    assertThat(sessions.abort("upload-a", clock.instant())).contains(completed);
    assertThat(find("upload-a")).isEqualTo(completed);
  }

  @Test
  void abortOfAnExpiredSessionDoesNotAbortIt() {
    UploadSession session = reserve("upload-a", DID, SIZE);
    clock.set(session.expiresAt());

    Optional<UploadSession> after = sessions.abort("upload-a", clock.instant());

    assertThat(after).isPresent();
    assertThat(after.orElseThrow().state()).isNotEqualTo(UploadState.ABORTED);
    assertThat(after.orElseThrow().stateAt(clock.instant())).isEqualTo(UploadState.EXPIRED);
  }

  @Test
  void abortOfAnUnknownSessionIsEmpty() {
    assertThat(sessions.abort("no-such-upload", clock.instant())).isEmpty();
    assertThat(sessions.find("no-such-upload")).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // expire

  @Test
  void expireMarksCreatedSessionsPastExpiryAndFinishesWhoseFinisherWasLost() {
    Instant start = clock.instant();
    reserve("created-expired", DID, SIZE);
    record("created-expired", 1);
    reserve("finishing-lost", DID, SIZE);
    withEveryPart("finishing-lost");
    sessions.beginFinish("finishing-lost", "finisher-a", start, start.plus(Duration.ofMinutes(30)));
    reserve("finishing-live", DID, SIZE);
    withEveryPart("finishing-live");
    reserve("aborted", DID, SIZE);
    UploadSession aborted = sessions.abort("aborted", start).orElseThrow();

    clock.set(start.plus(TTL).minus(Duration.ofMinutes(1)));
    reserve("created-valid", DID, SIZE);
    sessions.beginFinish("finishing-live", "finisher-b", clock.instant(), start.plus(Duration.ofHours(2)));
    UploadSession finishingLive = find("finishing-live");
    UploadSession createdValid = find("created-valid");

    clock.set(start.plus(TTL).plusMillis(1));
    Instant now = clock.instant();
    List<UploadSession> expired = sessions.expire(now);

    assertThat(expired).extracting(UploadSession::id).containsExactlyInAnyOrder("created-expired", "finishing-lost");
    assertThat(expired)
        .allSatisfy(
            session -> {
              assertThat(session.state()).isEqualTo(UploadState.EXPIRED);
              assertThat(session.endedAt()).isEqualTo(now);
              assertThat(find(session.id())).isEqualTo(session);
            });
    assertThat(expired)
        .filteredOn(session -> session.id().equals("finishing-lost"))
        .singleElement()
        .satisfies(session -> assertThat(session.parts()).as("with its parts, to delete").containsOnlyKeys(1, 2, 3));
    assertThat(expired)
        .filteredOn(session -> session.id().equals("created-expired"))
        .singleElement()
        .satisfies(session -> assertThat(session.parts()).containsOnlyKeys(1));

    assertThat(find("created-valid")).isEqualTo(createdValid);
    assertThat(find("finishing-live")).isEqualTo(finishingLive);
    assertThat(find("aborted")).isEqualTo(aborted);
    assertThat(usage(DID)).isEqualTo(new Usage(2, 2 * SIZE));
    assertThat(sessions.expire(now)).as("nothing twice").isEmpty();
    assertThat(sessions.completeFinish("finishing-lost", "finisher-a", jobFor(find("finishing-lost"), "sha-1"), now))
        .isEmpty();
    assertThat(sessions.completeFinish("finishing-live", "finisher-b", jobFor(finishingLive, "sha-2"), now))
        .containsInstanceOf(Admission.Created.class);
  }

  @Test
  void expireLeavesACreatedSessionUntilItsExpiry() {
    UploadSession session = reserve("upload-a", DID, SIZE);

    assertThat(sessions.expire(session.expiresAt().minusMillis(1))).isEmpty();
    assertThat(find("upload-a").state()).isEqualTo(UploadState.CREATED);
    clock.set(session.expiresAt());
    assertThat(sessions.expire(clock.instant())).extracting(UploadSession::id).containsExactly("upload-a");
  }

  // ---------------------------------------------------------------------------------------------
  // endedBefore and forget

  @Test
  void endedBeforeListsOnlySessionsThatEndedBeforeTheInstant() {
    Instant start = clock.instant();
    reserve("aborted-1", DID, SIZE);
    reserve("aborted-2", DID, SIZE);
    reserve("failed-3", DID, 100);
    record("failed-3", 1);
    reserve("open", DID, SIZE);
    finishing("finishing", "finisher-a");
    clock.set(start.plusSeconds(1));
    sessions.abort("aborted-1", clock.instant());
    clock.set(start.plusSeconds(2));
    sessions.abort("aborted-2", clock.instant());
    clock.set(start.plusSeconds(3));
    sessions.beginFinish("failed-3", "finisher-b", clock.instant(), leaseEnd());
    sessions.failFinish("failed-3", "finisher-b", "no video", clock.instant());

    assertThat(sessions.endedBefore(start.plusSeconds(1), 10)).isEmpty();
    assertThat(sessions.endedBefore(start.plusSeconds(2), 10)).containsExactly("aborted-1");
    assertThat(sessions.endedBefore(start.plusSeconds(3).plusMillis(1), 10))
        .containsExactlyInAnyOrder("aborted-1", "aborted-2", "failed-3");
    assertThat(sessions.endedBefore(start.plus(Duration.ofDays(30)), 2))
        .hasSize(2)
        .doesNotHaveDuplicates()
        .isSubsetOf("aborted-1", "aborted-2", "failed-3");
  }

  @Test
  void forgetDeletesAnEndedSessionAndItsParts() {
    reserve("upload-a", DID, SIZE);
    record("upload-a", 1);
    record("upload-a", 2);
    sessions.abort("upload-a", clock.instant());
    clock.advance(Duration.ofSeconds(1));

    sessions.forget("upload-a");

    assertThat(sessions.find("upload-a")).isEmpty();
    assertThat(sessions.endedBefore(clock.instant().plus(Duration.ofDays(1)), 10)).doesNotContain("upload-a");
    reserve("upload-a", DID, SIZE);
    assertThat(find("upload-a").parts()).as("no part rows are left behind").isEmpty();
    assertThat(sessions.recordPart("upload-a", part("upload-a", 1), clock.instant()))
        .isEqualTo(new PartRecord.Recorded(null));
  }

  @Test
  void forgetLeavesAnOpenSessionAlone() {
    reserve("created", DID, SIZE);
    record("created", 1);
    UploadSession created = find("created");
    UploadSession finishing = finishing("finishing", "finisher-a");

    sessions.forget("created");
    sessions.forget("finishing");
    sessions.forget("no-such-upload");

    assertThat(find("created")).isEqualTo(created);
    assertThat(find("finishing")).isEqualTo(finishing);
    assertThat(usage(DID)).isEqualTo(new Usage(2, 2 * SIZE));
  }

  // ---------------------------------------------------------------------------------------------
  // JobStore.waitingJobs

  @Test
  void waitingJobsCountsUnfinishedJobsWithoutALiveLease() {
    assertThat(jobs.waitingJobs()).isZero();
    jobs.create(newJob("job-a", DID, 10, "sha-a"));
    jobs.create(newJob("job-b", DID, 10, "sha-b"));
    jobs.create(newJob("job-c", DID, 10, "sha-c"));
    jobs.create(newJob("job-d", DID, 10, "sha-d"));
    jobs.create(newJob("job-e", DID, 10, "sha-e"));
    assertThat(jobs.waitingJobs()).isEqualTo(5);

    // Claims take the jobs in id order: a completes, b fails, c and d stay held.
    assertThat(claimed("worker-a")).isEqualTo("job-a");
    jobs.complete("job-a", "worker-a", BLOB, "done");
    assertThat(claimed("worker-a")).isEqualTo("job-b");
    jobs.fail("job-b", "worker-a", FailureCode.ENCODING_FAILURE, "boom", "Try again");
    assertThat(claimed("worker-a")).isEqualTo("job-c");
    clock.advance(Duration.ofSeconds(30));
    assertThat(claimed("worker-b")).isEqualTo("job-d");

    assertThat(jobs.waitingJobs()).as("only job-e").isEqualTo(1);
    clock.advance(Duration.ofSeconds(30).minusMillis(1));
    assertThat(jobs.waitingJobs()).as("job-c's lease still holds").isEqualTo(1);
    clock.advance(Duration.ofMillis(2));
    assertThat(jobs.waitingJobs()).as("job-c's lease ran out").isEqualTo(2);
    clock.advance(Duration.ofSeconds(30));
    assertThat(jobs.waitingJobs()).as("job-d's too").isEqualTo(3);
    clock.advance(Duration.ofDays(1));
    assertThat(jobs.waitingJobs()).as("never the ended ones").isEqualTo(3);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private Stores another() {
    Stores another = openAnother();
    assumeTrue(another != null, "this store cannot open its database a second time");
    opened.add(another);
    return another;
  }

  /** 8 threads, released together, each reserving one session of 100 bytes for {@link #DID}. */
  private List<Reservation> reserveInParallel(List<UploadSessionStore> stores, Quota quota, long maxOpen)
      throws Exception {
    int threads = 8;
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Reservation>> futures = new ArrayList<>();
    List<Reservation> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        UploadSessionStore store = stores.get(i % stores.size());
        NewUploadSession session = newSession("upload-" + i, DID, 100);
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return store.reserve(session, quota, maxOpen, clock.instant());
                }));
      }
      ready.await(30, TimeUnit.SECONDS);
      go.countDown();
      for (Future<Reservation> future : futures) {
        results.add(future.get(30, TimeUnit.SECONDS));
      }
    }
    return results;
  }

  private void assertExactlyThreeReserved(List<Reservation> results, Class<? extends Reservation> refusal) {
    List<String> reserved =
        results.stream()
            .filter(Reservation.Reserved.class::isInstance)
            .map(result -> ((Reservation.Reserved) result).session().id())
            .toList();
    assertThat(reserved).hasSize(3);
    assertThat(results).filteredOn(result -> !(result instanceof Reservation.Reserved)).hasSize(5)
        .allSatisfy(result -> assertThat(result).isInstanceOf(refusal));
    assertThat(usage(DID)).isEqualTo(new Usage(3, 300));
    for (int i = 0; i < results.size(); i++) {
      String id = "upload-" + i;
      assertThat(sessions.find(id).isPresent()).as(id + " stored").isEqualTo(reserved.contains(id));
    }
  }

  private NewUploadSession newSession(String id, String did, long size) {
    return new NewUploadSession(id, did, "video/mp4", "clip.mp4", size, PART_SIZE, clock.instant().plus(TTL));
  }

  private Reservation reserve(NewUploadSession session, Quota quota, long maxOpen) {
    return sessions.reserve(session, quota, maxOpen, clock.instant());
  }

  /** Reserves within a roomy quota and returns the session. */
  private UploadSession reserve(String id, String did, long size) {
    Reservation reservation = reserve(newSession(id, did, size), roomy(), MAX_OPEN);
    assertThat(reservation).as("reserving " + id).isInstanceOf(Reservation.Reserved.class);
    return ((Reservation.Reserved) reservation).session();
  }

  private Part part(String id, int number) {
    return new Part(number, "parts/" + id + "/" + number, find(id).expectedSize(number));
  }

  private void record(String id, int number) {
    assertThat(sessions.recordPart(id, part(id, number), clock.instant()))
        .as("recording part " + number + " of " + id)
        .isInstanceOf(PartRecord.Recorded.class);
  }

  private void withEveryPart(String id) {
    for (int number = 1; number <= find(id).partCount(); number++) {
      record(id, number);
    }
  }

  /** A session of {@link #SIZE} with every part, its finish held by {@code finisher}. */
  private UploadSession finishing(String id, String finisher) {
    reserve(id, DID, SIZE);
    withEveryPart(id);
    return began(sessions.beginFinish(id, finisher, clock.instant(), leaseEnd()));
  }

  private static UploadSession began(FinishStart start) {
    assertThat(start).isInstanceOf(FinishStart.Began.class);
    UploadSession session = ((FinishStart.Began) start).session();
    assertThat(session.state()).isEqualTo(UploadState.FINISHING);
    return session;
  }

  private Instant leaseEnd() {
    return clock.instant().plus(LEASE);
  }

  private UploadSession find(String id) {
    return sessions.find(id).orElseThrow(() -> new AssertionError(id + " not found"));
  }

  private String claimed(String workerId) {
    return jobs.claim(workerId, Duration.ofMinutes(1))
        .orElseThrow(() -> new AssertionError(workerId + " found nothing to claim"))
        .id();
  }

  private static NewJob newJob(String id, String did, long size, String sha256) {
    return new NewJob(id, did, "uploads/" + id, "video/mp4", size, sha256, null);
  }

  /** The job a finish admits: the session's id, its account and size. */
  private static NewJob jobFor(UploadSession session, String sha256) {
    return new NewJob(
        session.id(), session.did(), "uploads/" + session.id(), session.mimeType(), session.sizeBytes(), sha256, null);
  }

  private Instant windowStart() {
    return clock.instant().minus(Duration.ofDays(1));
  }

  private Usage usage(String did) {
    return jobs.usage(did, windowStart());
  }

  private Quota quota(long videos, long bytes) {
    return new Quota(windowStart(), videos, bytes);
  }

  private Quota roomy() {
    return quota(1_000, 1L << 40);
  }
}
