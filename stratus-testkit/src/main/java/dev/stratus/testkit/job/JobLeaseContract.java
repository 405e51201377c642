package dev.stratus.testkit.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.stratus.core.job.Admission;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.JobPriority;
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

/** What every {@link JobStore} must do with jobs and their leases, checked against the real thing. */
public abstract class JobLeaseContract extends JobStoreFixture {
  @Test
  void createdJobIsFoundWithEveryField() {
    NewJob input = new NewJob(ids.next(), DID, "uploads/abc.mp4", "video/mp4", 1_234_567, "00ff", HANDOFF);
    Instant now = clock.instant();

    Job created = store.create(input);

    assertThat(created)
        .isEqualTo(
            new Job(
                input.id(),
                DID,
                JobState.CREATED,
                0,
                null,
                null,
                null,
                null,
                "uploads/abc.mp4",
                "video/mp4",
                1_234_567,
                now,
                now,
                0,
                HANDOFF,
                null,
                JobPriority.UPLOAD));
    assertThat(store.find(input.id())).contains(created);
    assertThat(store.status(input.id())).contains(created.toStatus());
  }

  @Test
  void unknownJobIsNotFound() {
    assertThat(store.find("00000000000000000000")).isEmpty();
    assertThat(store.status("00000000000000000000")).isEmpty();
  }

  @Test
  void emptyStoreHasNothingToClaim() {
    assertThat(store.claim("worker-a", LEASE)).isEmpty();
  }

  @Test
  void completedJobKeepsEveryField() {
    Job job = newJob();
    clock.advance(Duration.ofSeconds(5));
    claim("worker-a");
    assertThat(store.update(job.id(), "worker-a", JobState.ENCODING, 40, LEASE)).isTrue();
    clock.advance(Duration.ofSeconds(5));

    assertThat(store.complete(job.id(), "worker-a", BLOB, "Video is ready")).isTrue();

    assertThat(store.find(job.id()))
        .contains(
            new Job(
                job.id(),
                DID,
                JobState.COMPLETED,
                100,
                BLOB,
                null,
                null,
                "Video is ready",
                job.inputKey(),
                job.inputMimeType(),
                job.inputSize(),
                job.createdAt(),
                clock.instant(),
                1,
                null,
                null,
                JobPriority.UPLOAD));
  }

  @Test
  void theStatusOfAFinishedJobIsWhatItsRowShows() {
    newJob();
    newJob();
    // Jobs made at the same instant are claimed in no set order: finish whichever each worker got.
    Job done = claim("worker-a");
    Job failed = claim("worker-b");
    assertThat(store.complete(done.id(), "worker-a", BLOB, "Video is ready")).isTrue();
    assertThat(store.fail(failed.id(), "worker-b", FailureCode.ENCODING_FAILURE, "ffmpeg exited 1",
        "Video could not be processed")).isTrue();

    for (Job job : java.util.List.of(done, failed)) {
      assertThat(store.status(job.id())).contains(store.find(job.id()).orElseThrow().toStatus());
    }
    assertThat(store.status(done.id()).orElseThrow().blob()).isEqualTo(BLOB);
    assertThat(store.status(failed.id()).orElseThrow().failureCode()).isEqualTo(FailureCode.ENCODING_FAILURE);
  }

  @Test
  void failedJobKeepsEveryFieldAndItsProgress() {
    Job job = newJob();
    claim("worker-a");
    store.update(job.id(), "worker-a", JobState.ENCODING, 40, LEASE);
    clock.advance(Duration.ofSeconds(5));

    assertThat(
            store.fail(
                job.id(),
                "worker-a",
                FailureCode.ENCODING_FAILURE,
                "rendition 720p: ffmpeg exited 1",
                "Video could not be processed"))
        .isTrue();

    assertThat(store.find(job.id()))
        .contains(
            new Job(
                job.id(),
                DID,
                JobState.FAILED,
                40,
                null,
                FailureCode.ENCODING_FAILURE,
                "rendition 720p: ffmpeg exited 1",
                "Video could not be processed",
                job.inputKey(),
                job.inputMimeType(),
                job.inputSize(),
                job.createdAt(),
                clock.instant(),
                1,
                null,
                null,
                JobPriority.UPLOAD));
  }

  @Test
  void valuesTheLexiconDoesNotNameAreKept() {
    Job running = newJob();
    Job failing = newJob();
    claim("worker-a");
    claim("worker-a");
    JobState newState = JobState.of("JOB_STATE_THUMBNAILING");
    FailureCode newCode = FailureCode.of("quota_exceeded");

    store.update(running.id(), "worker-a", newState, 55, LEASE);
    store.fail(failing.id(), "worker-a", newCode, "over quota", "Try again tomorrow");

    assertThat(store.find(running.id()).orElseThrow().state()).isEqualTo(newState);
    assertThat(store.find(failing.id()).orElseThrow().failureCode()).isEqualTo(newCode);
  }

  @Test
  void claimTakesTheOldestJobAndCountsTheAttempt() {
    clock.advance(Duration.ofSeconds(10));
    Job newer = newJob("job-a");
    clock.set(MutableClock.DEFAULT_START);
    Job older = newJob("job-b");

    Job first = claim("worker-a");

    assertThat(first.id()).isEqualTo(older.id());
    assertThat(first.attempts()).isEqualTo(1);
    assertThat(first.state()).isEqualTo(JobState.CREATED);
    assertThat(store.find(older.id()).orElseThrow().attempts()).isEqualTo(1);
    assertThat(claim("worker-b").id()).isEqualTo(newer.id());
    assertThat(store.claim("worker-c", LEASE)).isEmpty();
  }

  /** A token with {@code exp} at {@code expires}, enough for the store to read its deadline. */
  private static PdsHandoff handoffExpiring(Instant expires) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String claims = "{\"iss\":\"" + DID + "\",\"aud\":\"did:web:pds.example\",\"exp\":" + expires.getEpochSecond() + "}";
    return new PdsHandoff("https://pds.example",
        b64.encodeToString("{\"alg\":\"ES256K\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
            + b64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".c2ln");
  }

  @Test
  void jobsWhoseTokensExpireSoonestAreClaimedFirst() {
    Instant now = clock.instant();
    Job noToken = store.create(new NewJob("job-dev", DID, "uploads/job-dev", "video/mp4", 1, "a1", null));
    clock.advance(Duration.ofSeconds(1));
    Job later = store.create(new NewJob("job-later", DID, "uploads/job-later", "video/mp4", 1, "a2",
        handoffExpiring(now.plus(Duration.ofMinutes(30)))));
    clock.advance(Duration.ofSeconds(1));
    Job soon = store.create(new NewJob("job-soon", DID, "uploads/job-soon", "video/mp4", 1, "a3",
        handoffExpiring(now.plus(Duration.ofSeconds(60)))));

    assertThat(claim("worker-a").id()).isEqualTo(soon.id());
    assertThat(claim("worker-a").id()).isEqualTo(later.id());
    assertThat(claim("worker-a").id()).isEqualTo(noToken.id());
  }

  @Test
  void aReleasedJobIsClaimableAgainOnlyAfterItsRetryPause() {
    Job job = newJob("job-retry");
    Job first = claim("worker-a");

    assertThat(store.release(job.id(), "worker-b", Duration.ofSeconds(30))).isFalse();
    assertThat(store.release(job.id(), "worker-a", Duration.ofSeconds(30))).isTrue();
    assertThat(store.claim("worker-b", LEASE)).isEmpty();
    clock.advance(Duration.ofSeconds(31));
    Job again = claim("worker-b");
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.attempts()).isEqualTo(2);
    assertThat(store.update(job.id(), "worker-a", JobState.ENCODING, 1, LEASE)).isFalse();
  }

  @Test
  void jobsCreatedAtTheSameInstantAreClaimedInIdOrder() {
    newJob("job-b");
    newJob("job-a");

    assertThat(claim("worker-a").id()).isEqualTo("job-a");
    assertThat(claim("worker-a").id()).isEqualTo("job-b");
  }

  @Test
  void leasedJobIsClaimedAgainOnlyOnceTheLeaseRunsOut() {
    Job job = newJob();
    claim("worker-a");

    assertThat(store.claim("worker-b", LEASE)).isEmpty();
    clock.advance(LEASE.minusMillis(1));
    assertThat(store.claim("worker-b", LEASE)).isEmpty();
    clock.advance(Duration.ofMillis(2));

    Job again = claim("worker-b");
    assertThat(again.id()).isEqualTo(job.id());
    assertThat(again.attempts()).isEqualTo(2);
  }

  @Test
  void formerHolderCannotWriteOnceAnotherWorkerClaimedTheJob() {
    Job job = newJob();
    claim("worker-a");
    clock.advance(LEASE.plusSeconds(1));
    claim("worker-b");
    Optional<Job> before = store.find(job.id());

    assertThat(store.update(job.id(), "worker-a", JobState.ENCODING, 50, LEASE)).isFalse();
    assertThat(store.complete(job.id(), "worker-a", BLOB, "done")).isFalse();
    assertThat(store.fail(job.id(), "worker-a", FailureCode.GENERIC_FAILURE, "x", "y")).isFalse();

    assertThat(store.find(job.id())).isEqualTo(before);
    assertThat(store.update(job.id(), "worker-b", JobState.ENCODING, 50, LEASE)).isTrue();
  }

  @Test
  void workerThatNeverClaimedCannotWrite() {
    Job job = newJob();

    assertThat(store.update(job.id(), "worker-a", JobState.ENCODING, 50, LEASE)).isFalse();
    assertThat(store.complete(job.id(), "worker-a", BLOB, "done")).isFalse();
    assertThat(store.find(job.id()).orElseThrow()).isEqualTo(job);
  }

  @Test
  void updateWritesStateAndProgressAndRenewsTheLease() {
    Job job = newJob();
    claim("worker-a");
    clock.advance(Duration.ofSeconds(50));

    assertThat(store.update(job.id(), "worker-a", JobState.ENCODING, 10, LEASE)).isTrue();

    Job updated = store.find(job.id()).orElseThrow();
    assertThat(updated.state()).isEqualTo(JobState.ENCODING);
    assertThat(updated.progress()).isEqualTo(10);
    assertThat(updated.updatedAt()).isEqualTo(clock.instant());
    clock.advance(Duration.ofSeconds(50));
    assertThat(store.claim("worker-b", LEASE)).as("the renewed lease still holds").isEmpty();
    clock.advance(Duration.ofSeconds(11));
    assertThat(store.claim("worker-b", LEASE)).isPresent();
  }

  @Test
  void updateRefusesTerminalStatesAndProgressOutOfRange() {
    Job job = newJob();
    claim("worker-a");

    assertThatThrownBy(() -> store.update(job.id(), "worker-a", JobState.COMPLETED, 100, LEASE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.update(job.id(), "worker-a", JobState.ENCODING, 101, LEASE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.update(job.id(), "worker-a", JobState.ENCODING, -1, LEASE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(JobState.CREATED);
  }

  @Test
  void terminalJobsAreNeverClaimed() {
    Job completed = newJob();
    Job failed = newJob();
    claim("worker-a");
    claim("worker-a");
    store.complete(completed.id(), "worker-a", BLOB, "done");
    store.fail(failed.id(), "worker-a", FailureCode.GENERIC_FAILURE, "boom", "Try again");

    clock.advance(Duration.ofDays(1));

    assertThat(store.claim("worker-b", LEASE)).isEmpty();
    if (ownedByOneProcess()) {
      assertThat(store.releaseAllLeases()).isZero();
      assertThat(store.claim("worker-b", LEASE)).isEmpty();
    }
  }

  @Test
  void finishedJobsAreForgottenAfterRetentionOldestFirstAndRunningOnesStay() {
    Job oldest = newJob("job-1");
    Job older = newJob("job-2");
    claim("worker-a");
    store.complete(oldest.id(), "worker-a", BLOB, "done");
    clock.advance(Duration.ofHours(1));
    claim("worker-a");
    store.fail(older.id(), "worker-a", FailureCode.VALIDATION_FAILURE, "bad", "Bad file");
    Job running = newJob("job-3");
    claim("worker-a");
    clock.advance(Duration.ofDays(40));
    // Forty days on, the old job still runs (taken over by another worker), and a new one ended.
    assertThat(claim("worker-b").id()).isEqualTo(running.id());
    Job recent = newJob("job-4");
    claim("worker-c");
    store.complete(recent.id(), "worker-c", BLOB, "done");

    assertThat(store.forgetFinished(clock.instant().minus(Duration.ofDays(30)), 1)).isEqualTo(1);
    assertThat(store.find(oldest.id())).isEmpty();
    assertThat(store.find(older.id())).isPresent();
    assertThat(store.forgetFinished(clock.instant().minus(Duration.ofDays(30)), 100)).isEqualTo(1);
    assertThat(store.find(older.id())).isEmpty();
    assertThat(store.find(running.id())).isPresent();
    assertThat(store.find(recent.id())).isPresent();
    assertThat(store.forgetFinished(clock.instant().minus(Duration.ofDays(30)), 100)).isZero();
  }

  @Test
  void aHeartbeatKeepsTheLeaseWithoutChangingTheJob() {
    Job job = newJob();
    Job claimed = claim("worker-a");
    clock.advance(LEASE.minusSeconds(1));

    assertThat(store.renew(job.id(), "worker-a", LEASE)).isTrue();
    clock.advance(LEASE.minusSeconds(1));
    // Past the first lease, inside the renewed one: nobody else may take it.
    assertThat(store.claim("worker-b", LEASE)).isEmpty();
    Job now = store.find(job.id()).orElseThrow();
    assertThat(now.state()).isEqualTo(claimed.state());
    assertThat(now.progress()).isEqualTo(claimed.progress());
    assertThat(now.attempts()).isEqualTo(1);
  }

  @Test
  void aHeartbeatAfterTheLeaseWasTakenOverFails() {
    Job job = newJob();
    claim("worker-a");
    clock.advance(LEASE.plusSeconds(1));
    claim("worker-b");

    assertThat(store.renew(job.id(), "worker-a", LEASE)).isFalse();
    assertThat(store.renew(job.id(), "worker-b", LEASE)).isTrue();
    store.complete(job.id(), "worker-b", BLOB, "done");
    assertThat(store.renew(job.id(), "worker-b", LEASE)).isFalse();
  }

  @Test
  void completedJobCannotBeEndedOrUpdatedAgain() {
    Job job = newJob();
    claim("worker-a");
    store.complete(job.id(), "worker-a", BLOB, "done");
    Job ended = store.find(job.id()).orElseThrow();
    clock.advance(Duration.ofSeconds(1));

    assertThat(store.complete(job.id(), "worker-a", BLOB, "again")).isFalse();
    assertThat(store.fail(job.id(), "worker-a", FailureCode.GENERIC_FAILURE, "x", "y")).isFalse();
    assertThat(store.update(job.id(), "worker-a", JobState.ENCODING, 10, LEASE)).isFalse();
    assertThat(store.find(job.id())).contains(ended);
  }

  @Test
  void failedJobCannotBeEndedOrUpdatedAgain() {
    Job job = newJob();
    claim("worker-a");
    store.fail(job.id(), "worker-a", FailureCode.VALIDATION_FAILURE, "not a video", "Bad file");
    Job ended = store.find(job.id()).orElseThrow();
    clock.advance(Duration.ofSeconds(1));

    assertThat(store.fail(job.id(), "worker-a", FailureCode.GENERIC_FAILURE, "x", "y")).isFalse();
    assertThat(store.complete(job.id(), "worker-a", BLOB, "done")).isFalse();
    assertThat(store.update(job.id(), "worker-a", JobState.ENCODING, 10, LEASE)).isFalse();
    assertThat(store.find(job.id())).contains(ended);
  }

  @Test
  void releasedLeasesAreClaimableAtOnce() {
    if (!ownedByOneProcess()) {
      // Other nodes' live workers hold leases on a shared database: freeing them all is refused.
      assertThatThrownBy(store::releaseAllLeases).isInstanceOf(IllegalStateException.class);
      return;
    }
    Job done = newJob("job-1");
    Job held = newJob("job-2");
    Job waiting = newJob("job-3");
    claim("worker-a");
    claim("worker-a");
    store.complete(done.id(), "worker-a", BLOB, "done");

    assertThat(store.releaseAllLeases()).isEqualTo(1);

    Job again = claim("worker-b");
    assertThat(again.id()).isEqualTo(held.id());
    assertThat(again.attempts()).isEqualTo(2);
    assertThat(claim("worker-b").id()).isEqualTo(waiting.id());
    assertThat(store.update(held.id(), "worker-a", JobState.ENCODING, 5, LEASE)).isFalse();
  }

  @Test
  void concurrentClaimsTakeEveryJobExactlyOnce() throws Exception {
    List<String> created = IntStream.range(0, 20).mapToObj(i -> newJob().id()).toList();
    int workers = 4;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Job>>> results = new ArrayList<>();

    // Two nodes on one database, two workers each.
    List<JobStore> nodes = nodes(2);
    try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
      for (int w = 0; w < workers; w++) {
        String workerId = "worker-" + w;
        JobStore node = nodes.get(w % nodes.size());
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Job> mine = new ArrayList<>();
                  // Bounded, so a store that hands out jobs twice fails the test, not hangs it.
                  while (mine.size() <= created.size()) {
                    Optional<Job> next = node.claim(workerId, LEASE);
                    if (next.isEmpty()) {
                      break;
                    }
                    mine.add(next.get());
                  }
                  return mine;
                }));
      }
      start.countDown();
      List<Job> claimed = new ArrayList<>();
      for (Future<List<Job>> result : results) {
        claimed.addAll(result.get(30, TimeUnit.SECONDS));
      }

      assertThat(claimed).extracting(Job::id).containsExactlyInAnyOrderElementsOf(created);
      assertThat(claimed).allSatisfy(job -> assertThat(job.attempts()).isEqualTo(1));
    }
  }
}
