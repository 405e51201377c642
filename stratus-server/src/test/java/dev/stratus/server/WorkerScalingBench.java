package dev.stratus.server;

import dev.stratus.client.VideoClient;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.testkit.media.MediaFixtures;
import dev.stratus.testkit.sql.TestPostgres;
import dev.stratus.testkit.storage.TestS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs per minute with 1, 2 and 3 worker processes on one machine: an API node (in this process)
 * takes 12 uploads of a 4 s 720p clip from 12 accounts at once; worker-only nodes (processes of
 * their own) on the same PostgreSQL database and S3 bucket encode them. Timed from the first
 * upload to the last completion. Results go to the file named by {@code -Dstratus.bench.out}.
 */
class WorkerScalingBench {
  private static final int JOBS = 12;

  @TempDir Path dir;

  @Test
  void jobsPerMinuteByWorkerProcesses() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).landscape1080p(dir.resolve("clip.mp4"), 4);
    StringBuilder out = new StringBuilder("| worker processes | 12 jobs took | jobs per minute | vs one process |\n|---|---|---|---|\n");
    double one = 0;
    for (int processes = 1; processes <= 3; processes++) {
      double seconds = run(clip, processes);
      double perMinute = JOBS / (seconds / 60);
      if (processes == 1) {
        one = perMinute;
      }
      out.append(String.format(Locale.ROOT, "| %d | %.1f s | %.1f | %.2f× |%n", processes, seconds, perMinute, perMinute / one));
    }
    System.out.print(out);
    String target = System.getProperty("stratus.bench.out");
    if (target != null) {
      Files.writeString(Path.of(target), out);
    }
  }

  private double run(Path clip, int processes) throws Exception {
    List<ChildNode> workers = new ArrayList<>();
    try (TestPostgres database = TestPostgres.create(); TestS3 s3 = TestS3.start()) {
      Map<String, String> shared = SharedStorage.env(database, s3, s3.newBucket());
      shared.putAll(Map.of("STRATUS_POLL_SECONDS", "1", "STRATUS_DAILY_VIDEOS", "1000"));
      Map<String, String> apiEnv = new HashMap<>(shared);
      apiEnv.put("STRATUS_ROLE", "api");
      try (TestServer api = TestServer.start(dir.resolve("api-" + processes), apiEnv)) {
        for (int p = 0; p < processes; p++) {
          Map<String, String> env = new HashMap<>(shared);
          env.putAll(Map.of("STRATUS_ROLE", "worker", "STRATUS_HOST", "127.0.0.1", "STRATUS_PORT", "0", "STRATUS_DEV", "1",
              "STRATUS_DATA_DIR", dir.resolve("worker-" + processes + "-" + p).toString()));
          workers.add(ChildNode.start(env));
        }
        long start = System.nanoTime();
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
          String did = "did:plc:scaling" + processes + "x" + i;
          VideoClient client = VideoClient.builder().serviceUrl(api.baseUrl()).tokens(lxm -> TestServer.devToken(did, lxm)).build();
          jobIds.add(client.uploadVideo(did, clip, "video/mp4").jobId());
        }
        VideoClient reader = VideoClient.builder().serviceUrl(api.baseUrl()).pollInterval(Duration.ofMillis(200)).build();
        for (String jobId : jobIds) {
          JobStatus done = reader.awaitCompletion(jobId, s -> {}, Duration.ofMinutes(10));
          if (!done.state().equals(JobState.COMPLETED)) {
            throw new AssertionError(done.toString());
          }
        }
        return (System.nanoTime() - start) / 1e9;
      }
    } finally {
      for (ChildNode worker : workers) {
        worker.stop();
      }
    }
  }
}
