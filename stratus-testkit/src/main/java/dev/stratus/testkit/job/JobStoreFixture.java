package dev.stratus.testkit.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.stratus.core.job.Admission;
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

/**
 * What the {@link JobStore} contracts share: a fresh, empty store per test, the clock it reads,
 * and the jobs the tests make. Extend {@link JobLeaseContract} and {@link JobAdmissionContract}
 * and return a store on a new database from {@link #newStore}; where the database can be opened a
 * second time (another process, another node), {@link #openAnother} returns that, and the
 * concurrency cases run across both instances as several nodes would. Stores that are
 * {@link AutoCloseable} are closed after each test. Stores keep time to the millisecond, so the
 * clock starts on a whole millisecond.
 */
public abstract class JobStoreFixture {
  static final Duration LEASE = Duration.ofMinutes(1);
  // Kept while the job runs, forgotten (with the forwarded token) when it ends.
  static final PdsHandoff HANDOFF = new PdsHandoff("https://pds.example", "header.claims.signature");
  static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
  static final BlobRef BLOB =
      BlobRef.of("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", "video/mp4", 4_096);

  final MutableClock clock = new MutableClock();
  final JobId ids = new JobId();
  // Set by openStore before each test; JUnit makes a new instance per test.
  JobStore store;
  private final List<JobStore> opened = new ArrayList<>();

  /** A new store on a new, empty database, reading time from {@code clock}. */
  protected abstract JobStore newStore(MutableClock clock);

  /**
   * Another store on the database of the latest {@link #newStore}, reading the same clock, as a
   * second node would open it; the same store (the default) where that is not possible.
   */
  protected JobStore openAnother() {
    return store;
  }

  /**
   * Whether one process owns the store's database alone (embedded), so that
   * {@link JobStore#releaseAllLeases} may free every lease; a shared store must refuse it.
   */
  protected boolean ownedByOneProcess() {
    return true;
  }

  @BeforeEach
  void openStore() {
    store = newStore(clock);
    opened.add(store);
  }

  @AfterEach
  void closeStores() throws Exception {
    for (JobStore each : opened) {
      if (each instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  /** {@code count} stores on the test's database: the test's own, then others as other nodes. */
  List<JobStore> nodes(int count) {
    List<JobStore> nodes = new ArrayList<>(List.of(store));
    while (nodes.size() < count) {
      JobStore another = openAnother();
      if (another != store) {
        opened.add(another);
      }
      nodes.add(another);
    }
    return nodes;
  }

  Job newJob() {
    return newJob(ids.next());
  }

  Job newJob(String id) {
    return store.create(newJobInput(id, "sha-" + id, 1_000_000));
  }

  Job claim(String workerId) {
    return store
        .claim(workerId, LEASE)
        .orElseThrow(() -> new AssertionError(workerId + " found nothing to claim"));
  }

  static NewJob newJobInput(String id, String sha256, long size) {
    return new NewJob(id, DID, "uploads/" + id, "video/mp4", size, sha256, HANDOFF);
  }

  Quota quota(long videos, long bytes) {
    return new Quota(clock.instant().minus(Duration.ofDays(1)), videos, bytes);
  }
}
