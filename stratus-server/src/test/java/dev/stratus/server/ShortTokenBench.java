package dev.stratus.server;

import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.atproto.TestKeyPair;
import dev.stratus.testkit.atproto.TestKeys;
import dev.stratus.testkit.media.MediaFixtures;
import dev.stratus.testkit.pds.FakePds;
import dev.stratus.testkit.pds.FakePlc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark behind {@code bench/short-token.sh} (not part of the test suite: its name matches
 * neither *Test nor *IT): how a 60-second token fares with 30 s of 1080p, by the path the video
 * takes, and how many such uploads arriving together one worker delivers in time. Production mode
 * against a recording PDS on loopback; the results go to the file named by
 * {@code -Dstratus.bench.out}.
 */
class ShortTokenBench {
  private static final Duration SIXTY = Duration.ofSeconds(60);
  private static final AtomicInteger USERS = new AtomicInteger();

  @TempDir Path dir;

  private record Run(String did, String jobId, long startNanos) {}

  @Test
  @Timeout(1800)
  void shortTokens() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    MediaFixtures fixtures = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env());
    Path conforming = fixtures.landscape1080p(dir.resolve("conforming.mp4"), 30);
    // The same video in 4:2:2: it cannot become the blob unchanged, so the blob is encoded.
    Path reencode = dir.resolve("yuv422.mp4");
    ffmpeg(ffmpeg, List.of("-i", conforming.toString(), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv422p",
        "-c:a", "copy", reencode.toString()));
    StringBuilder md = new StringBuilder();
    try (FakePlc plc = FakePlc.start(); FakePds pds = FakePds.start()) {
      TestKeyPair key = TestKeys.k256();
      md.append("| input | token | path | upload → delivered to the PDS | upload → COMPLETED |\n|---|---|---|---|---|\n");
      for (Path input : List.of(conforming, reencode)) {
        String name = input == conforming ? "30 s 1080p H.264 yuv420p + AAC" : "30 s 1080p H.264 4:2:2 + AAC";
        for (Duration lifetime : List.of(SIXTY, Duration.ofMinutes(30))) {
          try (TestServer server = start(plc, pds)) {
            Run run = upload(server, plc, pds, key, input, lifetime);
            double[] times = follow(server, run);
            String path = lifetime.equals(SIXTY) ? (input == conforming ? "blob first, stream copy" : "blob first, fast encode") : "full encode first";
            md.append(String.format(Locale.ROOT, "| %s | %d s | %s | %s | %s |%n", name, lifetime.toSeconds(), path,
                seconds(times[0]), seconds(times[1])));
          }
        }
      }
      md.append("\nUploads that arrive together, each with a 60 s token, one worker (`STRATUS_WORKERS=1`):\n\n");
      md.append("| uploads at once | input | delivered in time | failed `token_expired` | last delivery after |\n|---|---|---|---|---|\n");
      for (Path input : List.of(conforming, reencode)) {
        for (int count : new int[] {2, 3, 4}) {
          try (TestServer server = start(plc, pds)) {
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
              runs.add(upload(server, plc, pds, key, input, SIXTY));
            }
            double[][] times = followAll(server, runs);
            int delivered = 0;
            int expired = 0;
            double last = 0;
            for (int i = 0; i < runs.size(); i++) {
              Run run = runs.get(i);
              JobStatus done = server.client.getJobStatus(run.jobId());
              if (done.state().equals(JobState.COMPLETED)) {
                delivered++;
                last = Math.max(last, times[i][0]);
              } else if ("token_expired".equals(done.error())) {
                expired++;
              }
            }
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %s |%n", count,
                input == conforming ? "stream copy" : "fast encode", delivered, expired, seconds(last)));
          }
        }
      }
    }
    Path out = Path.of(System.getProperty("stratus.bench.out", "target/short-token.md"));
    Files.writeString(out, md.toString());
    System.out.print(md);
  }

  private TestServer start(FakePlc plc, FakePds pds) {
    return TestServer.start(
        dir.resolve("data-" + USERS.incrementAndGet()),
        Map.of("STRATUS_DEV", "0", "STRATUS_PLC_URL", plc.url(), "STRATUS_PUBLIC_URL", "https://video.example.com",
            "STRATUS_WORKERS", "1"),
        java.time.Clock.systemUTC());
  }

  private static Run upload(TestServer server, FakePlc plc, FakePds pds, TestKeyPair key, Path input, Duration lifetime)
      throws Exception {
    String did = String.format("did:plc:shorttoken%013d", USERS.incrementAndGet());
    plc.put(did, key.didDocumentJson(did, pds.url()));
    Instant now = Instant.now();
    String token = key.jwt(now).iss(did).aud("did:web:127.0.0.1").lxm(Nsid.REPO_UPLOAD_BLOB).exp(now.plus(lifetime)).sign();
    long start = System.nanoTime();
    JobStatus created = server.client(token).uploadVideo(did, input, "video/mp4");
    return new Run(did, created.jobId(), start);
  }

  private static double[] follow(TestServer server, Run run) throws Exception {
    return followAll(server, List.of(run))[0];
  }

  /**
   * For each run, seconds from its upload to delivery (UPLOADED or later) and to its end, all
   * polled together every 100 ms while they are processed.
   */
  private static double[][] followAll(TestServer server, List<Run> runs) throws Exception {
    double[][] times = new double[runs.size()][];
    for (int i = 0; i < runs.size(); i++) {
      times[i] = new double[] {Double.NaN, Double.NaN};
    }
    boolean[] ended = new boolean[runs.size()];
    int left = runs.size();
    while (left > 0) {
      for (int i = 0; i < runs.size(); i++) {
        if (ended[i]) {
          continue;
        }
        JobStatus status = server.client.getJobStatus(runs.get(i).jobId());
        double now = (System.nanoTime() - runs.get(i).startNanos()) / 1e9;
        boolean isDelivered = status.state().equals(JobState.UPLOADED) || status.state().equals(JobState.COMPLETED);
        if (isDelivered && Double.isNaN(times[i][0])) {
          times[i][0] = now;
        }
        if (status.state().isTerminal()) {
          times[i][1] = status.state().equals(JobState.COMPLETED) ? now : Double.NaN;
          ended[i] = true;
          left--;
        }
      }
      Thread.sleep(100);
    }
    return times;
  }

  private static String seconds(double value) {
    return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.1f s", value);
  }

  private static void ffmpeg(FfmpegBinaries ffmpeg, List<String> args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(ffmpeg.ffmpeg().toString(), "-v", "error", "-y"));
    argv.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().putAll(ffmpeg.env());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("ffmpeg failed: " + out);
    }
  }
}
