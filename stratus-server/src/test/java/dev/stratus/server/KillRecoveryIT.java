package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.client.TokenProvider;
import dev.stratus.client.VideoClient;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.media.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    ChildNode child = ChildNode.start(Map.of(
        "STRATUS_HOST", "127.0.0.1", "STRATUS_PORT", "0", "STRATUS_DATA_DIR", data.toString(), "STRATUS_DEV", "1"));
    String jobId;
    try {
      VideoClient client = VideoClient.builder().serviceUrl(child.url())
          .tokens(TokenProvider.fixed(TestServer.devToken(DID, Nsid.REPO_UPLOAD_BLOB))).build();
      jobId = client.uploadVideo(DID, clip, "video/mp4").jobId();
      awaitEncoding(child, jobId);
    } finally {
      child.kill(); // SIGKILL: no shutdown hook, no cleanup
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

  /** Reads the child's job log until its encoder has made progress: the kill must land mid-encode. */
  private static void awaitEncoding(ChildNode child, String jobId) throws Exception {
    String line = child.awaitLine(l -> l.startsWith("JOB job " + jobId + " JOB_STATE_ENCODING ")
        && !l.endsWith(" 0%") || l.contains(jobId + " completed") || l.contains(jobId + " failed"));
    assertThat(line).as("finished before the kill").contains("JOB_STATE_ENCODING");
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
