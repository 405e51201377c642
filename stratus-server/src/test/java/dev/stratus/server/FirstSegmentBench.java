package dev.stratus.server;

import ch.qos.logback.classic.Level;
import dev.stratus.atproto.Cid;
import dev.stratus.core.media.Ladder;
import dev.stratus.core.media.MediaInfo;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.ffmpeg.FfmpegTranscoder;
import dev.stratus.lexicon.Nsid;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark behind {@code bench/first-segment.sh} (not part of the test suite: its name
 * matches neither *Test nor *IT): how long a player asking for a never-seen 60 s 1080p video waits
 * for its first playable segment (master playlist, then the first variant's playlist, then its
 * first segment, each fetched as a player does), beside how long the whole growing ladder takes
 * and how long the upload pipeline's full encode (blob and ladder) of the same video takes, in one
 * run. The video's account is a stand-in host on loopback serving the blob. Results go to the
 * file named by {@code -Dstratus.bench.out}.
 */
class FirstSegmentBench {
  private static final int ROUNDS = 2;
  private static final String UPLOADER = "did:plc:firstsegmentbenchuploader";
  private static final double SECONDS = 60;
  private static final Pattern VARIANT = Pattern.compile("(?m)^(\\d{3,4}p/video\\.m3u8)$");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
  void firstSegmentOfANeverSeenVideo() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    List<double[]> rounds = new ArrayList<>();
    Path upload = phoneLikeClip(ffmpeg, dir.resolve("upload.mp4"), ROUNDS + 1);
    for (int round = 0; round <= ROUNDS; round++) {
      // A new video each round: never seen, never cached. The last round runs while the worker
      // encodes someone's 60 s upload: the viewer's video goes to the worker kept for viewers.
      boolean busy = round == ROUNDS;
      Path clip = phoneLikeClip(ffmpeg, dir.resolve("clip" + round + ".mp4"), round);
      String cid = Cid.of(clip);
      try (FakeDidWebHost host = new FakeDidWebHost(clip);
          TestServer stratus = TestServer.start(dir.resolve("data" + round),
              Map.of("STRATUS_ON_DEMAND", "1", "STRATUS_FETCH_ALLOW_HOSTS", host.hostAndPort()))) {
        String base = stratus.baseUrl() + "/watch/" + URLEncoder.encode(host.did(), StandardCharsets.UTF_8) + "/" + cid;
        if (busy) {
          try (LogWatch claims = new LogWatch("stratus.jobs", Level.INFO, "claimed by")) {
            stratus.client(TestServer.devToken(UPLOADER, Nsid.REPO_UPLOAD_BLOB)).uploadVideo(UPLOADER, upload, "video/mp4");
            if (!claims.awaitMatches(1, 60)) {
              throw new IllegalStateException("the upload was not taken up");
            }
          }
        }
        long asked = System.nanoTime();
        String master = text(base + "/playlist.m3u8");
        double masterSeconds = since(asked);
        Matcher variant = VARIANT.matcher(master);
        if (!variant.find()) {
          throw new IllegalStateException("no variant in " + master);
        }
        String playlist = text(base + "/" + variant.group(1));
        String first = playlist.lines().filter(line -> line.endsWith(".ts")).findFirst().orElseThrow();
        byte[] segment = http.send(
            HttpRequest.newBuilder(URI.create(base + "/" + variant.group(1).replace("video.m3u8", first))).build(),
            HttpResponse.BodyHandlers.ofByteArray()).body();
        double firstSegment = since(asked);
        if (segment.length < 1000) {
          throw new IllegalStateException("the first segment is " + segment.length + " bytes");
        }
        stratus.drain();
        double ladder = since(asked);
        if (!text(base + "/" + variant.group(1)).contains("#EXT-X-ENDLIST")) {
          throw new IllegalStateException("the ladder did not finish");
        }
        rounds.add(new double[] {masterSeconds, firstSegment, ladder, busy ? 1 : 0});
      }
    }
    // The upload pipeline's one-run encode of the same kind of video: blob, ladder, thumbnail.
    FfmpegTranscoder transcoder = new FfmpegTranscoder(ffmpeg);
    Path clip = dir.resolve("clip0.mp4");
    MediaInfo info = transcoder.probe(clip);
    Path out = Files.createDirectory(dir.resolve("full"));
    long started = System.nanoTime();
    transcoder.transcode(clip, info, Ladder.forSource(info), out, progress -> {});
    double full = since(started);

    StringBuilder report = new StringBuilder();
    report.append("| round | master playlist | first playable segment | whole growing ladder (and the upload, when busy) |\n|---|---|---|---|\n");
    for (int i = 0; i < rounds.size(); i++) {
      double[] r = rounds.get(i);
      report.append(String.format(Locale.ROOT, "| %s | %.2f s | **%.2f s** | %.1f s |%n",
          r[3] > 0 ? "worker busy with a 60 s upload" : String.valueOf(i + 1), r[0], r[1], r[2]));
    }
    double worst = rounds.stream().mapToDouble(r -> r[1]).max().orElseThrow();
    report.append(String.format(Locale.ROOT,
        "%nThe upload pipeline's full encode of the same video (MP4 blob, ladder and thumbnail in one ffmpeg run):"
            + " %.1f s. The first segment came %.0f× sooner than that encode ends (worst round: %.2f s).%n",
        full, full / worst, worst));
    Files.writeString(Path.of(System.getProperty("stratus.bench.out", dir.resolve("out.md").toString())), report);
    System.out.print(report);
  }

  /**
   * 60 s of 1080p30 H.264 (x264 veryfast, CRF 23: about 40 MB, under the lexicon's 100 MB) with
   * stereo AAC, as a phone's upload after the app's own compression; {@code round} changes the
   * bytes.
   */
  private static Path phoneLikeClip(FfmpegBinaries ffmpeg, Path out, int round) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(ffmpeg.ffmpeg().toString(), "-hide_banner", "-nostdin", "-y",
        "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=" + (int) SECONDS,
        "-f", "lavfi", "-i", "sine=frequency=" + (440 + round) + ":duration=" + (int) SECONDS,
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-ac", "2", "-shortest", "-movflags", "+faststart", out.toString());
    builder.environment().putAll(ffmpeg.env());
    Process process = builder.inheritIO().start();
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("could not make the clip");
    }
    return out;
  }

  private String text(String url) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private static double since(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }
}
