package dev.stratus.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.core.events.JobEvents;
import dev.stratus.core.job.JobPriority;
import dev.stratus.core.job.NewIngest;
import dev.stratus.core.job.NewJob;
import dev.stratus.core.pipeline.Pipeline;
import dev.stratus.core.storage.FileBlobStore;
import dev.stratus.jdbc.JdbcJobStore;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.JobState;
import dev.stratus.testkit.MutableClock;
import dev.stratus.testkit.job.HeldStep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a stream lane, the regular worker leaves the event stream's videos to it: an upload made
 * while a stream video is being encoded is taken up at once, not after it. Real store and pipeline;
 * the steps stand in for encodes and wait on latches.
 */
class WorkerLanesTest {
  private static final BlobRef BLOB = BlobRef.of("bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy", "video/mp4", 1);

  @TempDir Path dir;

  @Test
  void anUploadIsTakenUpWhileAStreamVideoIsStillEncoding() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    try (JdbcJobStore store = JdbcJobStore.sqlite(dir.resolve("jobs.db"), Clock.systemUTC())) {
      HeldStep streamEncode = new HeldStep(BLOB);
      HeldStep uploadEncode = new HeldStep(BLOB);
      Pipeline pipeline = new Pipeline(new Pipeline.Steps(List.of(uploadEncode), List.of(streamEncode)), store,
          new FileBlobStore(dir.resolve("blobs")), dir.resolve("work"), new Pipeline.Settings(Duration.ofMinutes(1), 3),
          JobEvents.NONE, clock);
      WorkerPool workers = new WorkerPool(store, pipeline, JobEvents.NONE, 1, 0, 1, Duration.ofMinutes(1), "node");
      workers.start();
      try {
        store.admitIngest(new NewIngest("stream-video", "did:plc:poster", BLOB.cid(), 1, JobPriority.STREAM),
            Instant.now().minusSeconds(60));
        workers.wake();
        assertThat(streamEncode.started.await(30, TimeUnit.SECONDS)).as("the stream lane took its video").isTrue();

        store.create(new NewJob("upload", "did:plc:uploader", "uploads/upload", "video/mp4", 1, "sha", null));
        workers.wake();
        assertThat(uploadEncode.started.await(30, TimeUnit.SECONDS)).as("the upload did not wait").isTrue();
        assertThat(store.find("stream-video").orElseThrow().state()).isEqualTo(JobState.ENCODING);

        uploadEncode.finish.countDown();
        streamEncode.finish.countDown();
        workers.drain(Duration.ofSeconds(30));
        assertThat(store.find("upload").orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(store.find("stream-video").orElseThrow().state()).isEqualTo(JobState.COMPLETED);
      } finally {
        workers.close();
      }
    }
  }
}
