package dev.stratus.testkit.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.stratus.core.job.Admission;
import dev.stratus.core.job.IngestAdmission;
import dev.stratus.core.job.JobPriority;
import dev.stratus.core.job.NewIngest;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobId;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.job.NewJob;
import dev.stratus.core.job.PdsHandoff;
import dev.stratus.core.job.Quota;
import dev.stratus.core.job.Usage;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import dev.stratus.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobStore} must do when it admits uploads: dedupe and quotas, atomically. */
public abstract class JobAdmissionContract extends JobStoreFixture {
  @Test
  void admissionStoresAJobWithinQuota() {
    Admission admission = store.admit(newJobInput("job-a", "sha-a", 100), quota(2, 1000));
    assertThat(admission).isInstanceOfSatisfying(Admission.Created.class, created ->
        assertThat(store.find("job-a")).contains(created.job()));
    assertThat(store.usage(DID, clock.instant().minusSeconds(60))).isEqualTo(new Usage(1, 100));
  }

  @Test
  void theSameBytesAgainReturnTheEarlierJobUnlessItFailed() {
    Job first = ((Admission.Created) store.admit(newJobInput("job-a", "same", 100), quota(10, 10_000))).job();
    assertThat(store.admit(newJobInput("job-b", "same", 100), quota(10, 10_000)))
        .isEqualTo(new Admission.Duplicate(first));
    assertThat(store.find("job-b")).isEmpty();

    claim("worker-a");
    store.fail(first.id(), "worker-a", FailureCode.PDS_UPLOAD_FAILURE, "pds_upload_failed", "PDS down");
    assertThat(store.admit(newJobInput("job-c", "same", 100), quota(10, 10_000)))
        .isInstanceOf(Admission.Created.class);
  }

  @Test
  void theSameBytesSentToTwoNodesAtOnceMakeOneJob() throws Exception {
    List<JobStore> nodes = nodes(2);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Admission>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String id = "job-" + i;
        JobStore node = nodes.get(i % nodes.size());
        results.add(pool.submit(() -> {
          go.await();
          return node.admit(newJobInput(id, "same-bytes", 10), quota(100, 1_000_000));
        }));
      }
      go.countDown();
      long created = 0;
      for (var result : results) {
        if (result.get(30, TimeUnit.SECONDS) instanceof Admission.Created) {
          created++;
        }
      }
      assertThat(created).isEqualTo(1);
      assertThat(store.usage(DID, clock.instant().minusSeconds(60)).videos()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anotherAccountsIdenticalUploadIsNotADuplicate() {
    store.admit(newJobInput("job-a", "same", 100), quota(10, 10_000));
    NewJob other = new NewJob("job-b", "did:plc:someoneelse", "uploads/job-b", "video/mp4", 100, "same", null);
    assertThat(store.admit(other, quota(10, 10_000))).isInstanceOf(Admission.Created.class);
  }

  @Test
  void admissionRefusesPastEitherLimitAndStoresNothing() {
    store.admit(newJobInput("job-a", "sha-a", 600), quota(2, 1000));
    assertThat(store.admit(newJobInput("job-b", "sha-b", 500), quota(2, 1000)))
        .isEqualTo(new Admission.OverQuota(new Usage(1, 600)));
    store.admit(newJobInput("job-c", "sha-c", 100), quota(2, 1000));
    assertThat(store.admit(newJobInput("job-d", "sha-d", 1), quota(2, 1000)))
        .isEqualTo(new Admission.OverQuota(new Usage(2, 700)));
    assertThat(store.find("job-b")).isEmpty();
    assertThat(store.find("job-d")).isEmpty();
  }

  @Test
  void usageCountsOnlyTheWindow() {
    newJob("job-old");
    clock.advance(Duration.ofHours(25));
    newJob("job-new");
    assertThat(store.usage(DID, clock.instant().minus(Duration.ofDays(1)))).isEqualTo(new Usage(1, 1_000_000));
    assertThat(store.usage("did:plc:nobody", clock.instant().minus(Duration.ofDays(1)))).isEqualTo(new Usage(0, 0));
  }

  @Test
  void parallelAdmissionsNeverOvershootTheQuota() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      // Three nodes on one database admitting for one account at once.
      List<JobStore> nodes = nodes(3);
      List<Future<Admission>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String id = "job-" + i;
        JobStore node = nodes.get(i % nodes.size());
        results.add(pool.submit(() -> node.admit(newJobInput(id, "sha-" + id, 10), quota(5, 1_000_000))));
      }
      long created = 0;
      for (var result : results) {
        if (result.get() instanceof Admission.Created) {
          created++;
        }
      }
      assertThat(created).isEqualTo(5);
      assertThat(store.usage(DID, clock.instant().minusSeconds(60)).videos()).isEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
  }

  private static final String VIDEO = "bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy";

  private static NewIngest ingest(String id, JobPriority priority) {
    return new NewIngest(id, DID, VIDEO, 5_000, priority);
  }

  private Instant aMinuteAgo() {
    return clock.instant().minus(Duration.ofMinutes(1));
  }

  @Test
  void aVideoOfTheNetworkIsAJobOfItsOwnThatNoQuotaCounts() {
    IngestAdmission admission = store.admitIngest(ingest("ingest-a", JobPriority.STREAM), aMinuteAgo());
    assertThat(admission).isInstanceOf(IngestAdmission.Created.class);
    Job job = admission.job();
    assertThat(job.isIngest()).isTrue();
    assertThat(job.sourceCid()).isEqualTo(VIDEO);
    assertThat(job.handoff()).isNull();
    assertThat(store.findIngest(DID, VIDEO)).contains(job);
    assertThat(store.findIngest(DID, "bafkreiother")).isEmpty();
    // Not the author's upload, and not an upload waiting: neither quotas nor overload see it.
    assertThat(store.usage(DID, clock.instant().minusSeconds(60))).isEqualTo(new Usage(0, 0));
    assertThat(store.waitingJobs()).isZero();
  }

  @Test
  void theSameVideoAskedForAgainJoinsTheRunningJobAtTheHigherPriority() {
    Job streamed = store.admitIngest(ingest("ingest-a", JobPriority.STREAM), aMinuteAgo()).job();
    clock.advance(Duration.ofSeconds(1));
    Job upload = store.create(newJobInput("upload-b", "sha-b", 10));
    clock.advance(Duration.ofSeconds(1));
    // A viewer asks for the video the stream queued: no second job, but it goes first now.
    assertThat(store.admitIngest(ingest("ingest-c", JobPriority.WATCH), aMinuteAgo()))
        .isEqualTo(new IngestAdmission.Running(streamed));
    assertThat(store.find("ingest-c")).isEmpty();
    assertThat(claim("worker-a").id()).isEqualTo(streamed.id());
    assertThat(claim("worker-a").id()).isEqualTo(upload.id());
  }

  @Test
  void viewersComeBeforeUploadsAndUploadsBeforeTheEventStream() {
    Job streamed = store.admitIngest(new NewIngest("ingest-a", DID, VIDEO, 1, JobPriority.STREAM), aMinuteAgo()).job();
    clock.advance(Duration.ofSeconds(1));
    Job upload = store.create(newJobInput("upload-b", "sha-b", 10));
    clock.advance(Duration.ofSeconds(1));
    Job watched = store.admitIngest(new NewIngest("ingest-c", DID, "bafkreiwatched", 1, JobPriority.WATCH), aMinuteAgo()).job();

    assertThat(claim("worker-a").id()).isEqualTo(watched.id());
    assertThat(claim("worker-a").id()).isEqualTo(upload.id());
    assertThat(claim("worker-a").id()).isEqualTo(streamed.id());
  }

  @Test
  void aWorkerKeptForViewersTakesOnlyWhatAViewerWaitsOn() {
    store.admitIngest(new NewIngest("ingest-a", DID, VIDEO, 1, JobPriority.STREAM), aMinuteAgo());
    store.create(newJobInput("upload-b", "sha-b", 10));
    assertThat(store.claim("viewer-lane", LEASE, JobPriority.WATCH)).isEmpty();

    Job watched = store.admitIngest(new NewIngest("ingest-c", DID, "bafkreiwatched", 1, JobPriority.WATCH), aMinuteAgo()).job();
    assertThat(store.claim("viewer-lane", LEASE, JobPriority.WATCH)).map(Job::id).contains(watched.id());
    assertThat(store.claim("viewer-lane", LEASE, JobPriority.WATCH)).isEmpty();
    assertThat(claim("worker-a").id()).isEqualTo("upload-b");
  }

  @Test
  void aVideoThatJustFailedIsNotFetchedAgainForAWhile() {
    Job first = store.admitIngest(ingest("ingest-a", JobPriority.WATCH), aMinuteAgo()).job();
    claim("worker-a");
    store.fail(first.id(), "worker-a", FailureCode.VALIDATION_FAILURE, "blob_not_found", "no such blob");
    clock.advance(Duration.ofSeconds(30));
    IngestAdmission again = store.admitIngest(ingest("ingest-b", JobPriority.WATCH), aMinuteAgo());
    assertThat(again).isInstanceOf(IngestAdmission.RecentlyFailed.class);
    assertThat(again.job().id()).isEqualTo(first.id());

    clock.advance(Duration.ofSeconds(31));
    assertThat(store.admitIngest(ingest("ingest-c", JobPriority.WATCH), aMinuteAgo()))
        .isInstanceOf(IngestAdmission.Created.class);
    assertThat(store.findIngest(DID, VIDEO).orElseThrow().id()).isEqualTo("ingest-c");
  }

  @Test
  void manyViewersOnTwoNodesAskingAtOnceMakeOneJob() throws Exception {
    List<JobStore> nodes = nodes(2);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<IngestAdmission>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String id = "ingest-" + i;
        JobStore node = nodes.get(i % nodes.size());
        results.add(pool.submit(() -> {
          go.await();
          return node.admitIngest(ingest(id, JobPriority.WATCH), aMinuteAgo());
        }));
      }
      go.countDown();
      long created = 0;
      for (var result : results) {
        if (result.get(30, TimeUnit.SECONDS) instanceof IngestAdmission.Created) {
          created++;
        }
      }
      assertThat(created).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
