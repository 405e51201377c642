package dev.stratus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.client.TokenProvider;
import dev.stratus.client.VideoClient;
import dev.stratus.core.job.Job;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.jdbc.JdbcJobStore;
import dev.stratus.lexicon.JobState;
import dev.stratus.testkit.media.MediaFixtures;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stratus serve} stopped with SIGTERM, in a process of its own: it finishes the running job
 * within the grace period, or hands it back when the grace period is over, and exits 0 either way.
 */
class ServeShutdownIT {
  private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
  private static final String DID = "did:plc:gracefulstop";

  @TempDir static Path media;
  static Path clip;

  @BeforeAll
  static void makeClip() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    // Long enough that the encode is still running when the stop comes.
    clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).landscape1080p(media.resolve("clip.mp4"), 6);
  }

  /** A running {@code stratus serve} and the lines it writes. */
  private record Node(Process process, BlockingQueue<String> lines, int port) {
    String awaitLine(String containing) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (true) {
        String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("no line containing \"" + containing + "\" within 120 s");
        }
        if (line.contains(containing)) {
          return line;
        }
      }
    }
  }

  private static Node serve(Path data, int graceSeconds) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), StratusCli.class.getName(),
        "serve", "--dev", "--port", "0", "--host", "127.0.0.1", "--data", data.toString());
    builder.environment().put("STRATUS_SHUTDOWN_GRACE_SECONDS", Integer.toString(graceSeconds));
    builder.redirectErrorStream(true);
    Process process = builder.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofPlatform().daemon(true).start(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        lines.add("output closed: " + e.getMessage());
      }
    });
    Node starting = new Node(process, lines, 0);
    Matcher port = LISTENING.matcher(starting.awaitLine("listening on port"));
    assertThat(port.find()).isTrue();
    return new Node(process, lines, Integer.parseInt(port.group(1)));
  }

  private static String uploadAndAwaitItsEncode(Node node) throws Exception {
    VideoClient client = VideoClient.builder().serviceUrl("http://127.0.0.1:" + node.port())
        .tokens(TokenProvider.fixed(devToken())).build();
    String jobId = client.uploadVideo(DID, clip, "video/mp4").jobId();
    node.awaitLine("job " + jobId + " claimed");
    return jobId;
  }

  private static int stop(Node node) throws InterruptedException {
    node.process().destroy(); // SIGTERM
    assertThat(node.process().waitFor(120, TimeUnit.SECONDS)).as("stopped within 120 s").isTrue();
    return node.process().exitValue();
  }

  @Test
  void aJobRunningAtTheStopFinishesWithinTheGracePeriod(@TempDir Path data) throws Exception {
    Node node = serve(data, 120);
    String jobId = uploadAndAwaitItsEncode(node);

    assertThat(stop(node)).isZero();

    try (JdbcJobStore jobs = JdbcJobStore.sqlite(data.resolve("stratus.db"), Clock.systemUTC())) {
      assertThat(jobs.find(jobId).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
    }
  }

  @Test
  void aJobStillRunningWhenTheGraceRunsOutIsHandedBack(@TempDir Path data) throws Exception {
    Node node = serve(data, 0);
    String jobId = uploadAndAwaitItsEncode(node);

    assertThat(stop(node)).isZero();

    try (JdbcJobStore jobs = JdbcJobStore.sqlite(data.resolve("stratus.db"), Clock.systemUTC())) {
      Job left = jobs.find(jobId).orElseThrow();
      assertThat(left.state().isTerminal()).isFalse();
      // Its lease was given back: another worker takes it at once, not after the lease's 5 minutes.
      assertThat(jobs.claim("next-node/0", Duration.ofMinutes(5))).map(Job::id).contains(jobId);
    }
  }

  /**
   * The launcher's recording run: {@code serve --stop-when-ready} starts, stops, exits 0, and on a
   * JDK 25 or newer leaves the startup cache it was asked to record.
   */
  @Test
  void aRecordingRunStartsStopsAndLeavesTheStartupCache(@TempDir Path data) throws Exception {
    Path cache = data.resolve("serve.aot");
    boolean aotCache = Runtime.version().feature() >= 25;
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    if (aotCache) {
      command.add("-XX:AOTCacheOutput=" + cache);
    }
    // Jars only, as the launcher runs it: the JVM records no cache for a class path with folders.
    String jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !Files.isDirectory(Path.of(entry)))
        .collect(Collectors.joining(File.pathSeparator));
    command.addAll(List.of("-cp", jars, StratusCli.class.getName(),
        "serve", "--dev", "--port", "0", "--host", "127.0.0.1", "--data", data.resolve("data").toString(),
        "--stop-when-ready"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(data.resolve("log").toFile()).start();

    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    assertThat(exited).as("exited within 120 s").isTrue();
    assertThat(process.exitValue()).as(Files.readString(data.resolve("log"))).isZero();
    assertThat(Files.readString(data.resolve("log"))).contains("ready in", "stopping");
    assertThat(Files.exists(cache)).isEqualTo(aotCache);
  }

  private static String devToken() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"ES256K\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims = "{\"iss\":\"" + DID + "\",\"aud\":\"did:web:pds.example\",\"lxm\":\"com.atproto.repo.uploadBlob\",\"exp\":"
        + (System.currentTimeMillis() / 1000 + 1800) + "}";
    return header + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
  }
}
