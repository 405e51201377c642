package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.client.TokenProvider;
import dev.stratus.client.VideoClient;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.media.MediaFixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL mid-encode: the process dies with its ffmpeg still running. The next start stops that
 * orphan, takes the job up again and completes it, leaving nothing behind.
 */
class KillRecoveryIT {
  private static final String DID = "did:plc:killrecovery0000000000";

  @Test
  void aJobSurvivesAKilledProcessAndItsOrphanEncoderIsStopped(@TempDir Path dir) throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).landscape1080p(dir.resolve("clip.mp4"), 6);
    Path data = dir.resolve("data");

    Process child = startChild(data);
    String jobId;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      VideoClient client = VideoClient.builder().serviceUrl("http://127.0.0.1:" + awaitReady(child, out))
          .tokens(TokenProvider.fixed(TestServer.devToken(DID, Nsid.REPO_UPLOAD_BLOB))).build();
      jobId = client.uploadVideo(DID, clip, "video/mp4").jobId();
      awaitEncoding(child, out, jobId);
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
      child.waitFor();
    }
    List<ProcessHandle> orphans = encodersUnder(data);
    assertThat(orphans).as("ffmpeg outlives the killed JVM").isNotEmpty();

    try (TestServer next = TestServer.start(data, Map.of())) {
      assertThat(orphans).as("orphans stopped at start").noneMatch(KillRecoveryIT::running);
      next.drain();
      JobStatus done = next.client.getJobStatus(jobId);
      assertThat(done.state()).as(done.toString()).isEqualTo(JobState.COMPLETED);
      assertThat(UploadAndPlaybackIT.listFiles(data.resolve("work"))).isEmpty();
      assertThat(UploadAndPlaybackIT.listFiles(data.resolve("blobs/uploads"))).isEmpty();
      assertThat(UploadAndPlaybackIT.listFiles(data.resolve("blobs/.staging"))).isEmpty();
    }
  }

  private static Process startChild(Path data) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ServeInChildProcess.class.getName())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(Map.of(
        "STRATUS_HOST", "127.0.0.1", "STRATUS_PORT", "0", "STRATUS_DATA_DIR", data.toString(), "STRATUS_DEV", "1"));
    return builder.start();
  }

  private static int awaitReady(Process child, BufferedReader out) throws Exception {
    String line = awaitLine(child, out, l -> l.startsWith("READY "));
    return Integer.parseInt(line.substring(6).trim());
  }

  /** Reads the child's job log until its encoder has made progress: the kill must land mid-encode. */
  private static void awaitEncoding(Process child, BufferedReader out, String jobId) throws Exception {
    String line = awaitLine(child, out, l -> l.startsWith("JOB job " + jobId + " JOB_STATE_ENCODING ")
        && !l.endsWith(" 0%") || l.contains(jobId + " completed") || l.contains(jobId + " failed"));
    assertThat(line).as("finished before the kill").contains("JOB_STATE_ENCODING");
  }

  /** The child's first output line that {@code wanted} accepts; a blocking read, no polling. */
  private static String awaitLine(Process child, BufferedReader out, Predicate<String> wanted) throws Exception {
    for (String line; (line = out.readLine()) != null; ) {
      if (wanted.test(line)) {
        return line;
      }
    }
    throw new AssertionError("the child exited first: " + child.waitFor());
  }

  /** Alive and not a zombie (nothing may reap orphans in a container, so they linger as zombies). */
  private static boolean running(ProcessHandle process) {
    try {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  private static List<ProcessHandle> encodersUnder(Path data) {
    String marker = data.resolve("work").toAbsolutePath() + "/";
    return ProcessHandle.allProcesses()
        .filter(KillRecoveryIT::running)
        .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false))
        .toList();
  }
}
