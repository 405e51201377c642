package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.media.MediaFixtures;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a player or an upload form on another origin needs from the headers. */
@Timeout(120)
class BrowserAccessIT {
  private static final String DID = "did:plc:browser0000000000000000";
  private static final String ORIGIN = "https://app.example";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path dir;
  static TestServer server;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).noAudio(dir.resolve("clip.mp4"), 1);
    server = TestServer.start(dir.resolve("data"), Map.of());
    JobStatus created = server.client(TestServer.devToken(DID, Nsid.REPO_UPLOAD_BLOB)).uploadVideo(DID, clip, "video/mp4");
    server.drain();
    String cid = server.client.getJobStatus(created.jobId()).blob().cid();
    base = server.baseUrl() + "/watch/" + URLEncoder.encode(DID, StandardCharsets.UTF_8) + "/" + cid;
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static HttpResponse<String> get(String url, String range) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Origin", ORIGIN);
    if (range != null) {
      request.header("Range", range);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void playbackExposesTheRangeHeadersToScripts() throws Exception {
    HttpResponse<String> ranged = get(base + "/360p/video0.ts", "bytes=0-99");
    assertThat(ranged.statusCode()).isEqualTo(206);
    assertThat(ranged.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    String exposed = ranged.headers().firstValue("Access-Control-Expose-Headers").orElse("");
    assertThat(exposed).contains("Content-Length").contains("Content-Range").contains("Accept-Ranges");
    assertThat(ranged.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
  }

  @Test
  void missesAndBadRangesAreNotCachedAsImmutable() throws Exception {
    HttpResponse<String> missing = get(server.baseUrl() + "/watch/" + URLEncoder.encode(DID, StandardCharsets.UTF_8)
        + "/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku/playlist.m3u8", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(missing.headers().firstValue("Access-Control-Allow-Origin")).contains("*");

    HttpResponse<String> unsatisfiable = get(base + "/thumbnail.jpg", "bytes=99999999-");
    assertThat(unsatisfiable.statusCode()).isEqualTo(416);
    assertThat(unsatisfiable.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(unsatisfiable.headers().firstValue("Content-Range").orElse("")).startsWith("bytes */");
  }

  @Test
  void everyUploadMethodPassesTheCorsPreflight() throws Exception {
    for (String nsid : List.of(Nsid.UPLOAD_VIDEO, Nsid.START_UPLOAD, Nsid.UPLOAD_PART, Nsid.FINISH_UPLOAD,
        Nsid.ABORT_UPLOAD, Nsid.GET_UPLOAD_STATUS, Nsid.GET_UPLOAD_LIMITS, Nsid.GET_JOB_STATUS)) {
      HttpRequest preflight =
          HttpRequest.newBuilder(URI.create(server.baseUrl() + Nsid.path(nsid)))
              .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
              .header("Origin", ORIGIN)
              .header("Access-Control-Request-Method", nsid.equals(Nsid.GET_UPLOAD_STATUS) ? "GET" : "POST")
              .header("Access-Control-Request-Headers", "authorization,content-type")
              .build();
      HttpResponse<String> answer = HTTP.send(preflight, HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(nsid).isIn(200, 204);
      assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).as(nsid).contains("*");
      assertThat(answer.headers().firstValue("Access-Control-Allow-Methods").orElse("")).as(nsid).contains("POST").contains("GET");
      String allowed = answer.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase();
      assertThat(allowed).as(nsid).contains("authorization").contains("content-type");
    }
  }
}
