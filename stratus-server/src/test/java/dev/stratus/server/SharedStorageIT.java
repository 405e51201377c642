package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.client.VideoClient;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.media.MediaFixtures;
import dev.stratus.testkit.sql.TestPostgres;
import dev.stratus.testkit.storage.TestS3;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL database and one S3 bucket, as behind a load balancer: the parts of
 * one multipart upload go to different nodes, the job is processed by whichever node claims it,
 * and both nodes play the video. Nothing lives in either node's own folder.
 */
class SharedStorageIT {
  @TempDir Path dir;

  @Test
  void anUploadSpreadOverTwoNodesCompletesAndPlaysFromBoth() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).noAudio(dir.resolve("clip.mp4"), 2);
    byte[] video = Files.readAllBytes(
        MultipartUploadIT.padWithFreeBox(clip, dir.resolve("video.mp4"), 2L * MultipartUploadIT.PART + 777));
    String did = "did:plc:sharedstorage";
    try (TestPostgres database = TestPostgres.create(); TestS3 s3 = TestS3.start()) {
      Map<String, String> env = SharedStorage.env(database, s3, s3.newBucket());
      env.put("STRATUS_UPLOAD_PART_BYTES", Integer.toString(MultipartUploadIT.PART));
      try (TestServer a = TestServer.start(dir.resolve("a"), env); TestServer b = TestServer.start(dir.resolve("b"), env)) {
        String jobId = MultipartUploadIT.start(a.baseUrl(), did, video.length).body().path("jobId").asText();
        List<TestServer> nodes = List.of(b, a, b);
        for (int number = 1; number <= 3; number++) {
          MultipartUploadIT.Answer part =
              MultipartUploadIT.part(nodes.get(number - 1).baseUrl(), did, jobId, number, MultipartUploadIT.slice(video, number));
          assertThat(part.status()).as("part %d", number).isEqualTo(200);
        }
        MultipartUploadIT.Answer finished =
            MultipartUploadIT.json(a.baseUrl(), Nsid.FINISH_UPLOAD, did, "{\"jobId\":\"" + jobId + "\"}");
        assertThat(finished.status()).as(finished.body().toString()).isEqualTo(200);

        VideoClient viaB = VideoClient.builder().serviceUrl(b.baseUrl()).pollInterval(Duration.ofMillis(100)).build();
        JobStatus done = viaB.awaitCompletion(jobId, status -> {}, Duration.ofMinutes(2));
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);

        String watch = "/watch/" + did + "/" + done.blob().cid() + "/playlist.m3u8";
        String fromA = get(a.baseUrl() + watch);
        assertThat(fromA).startsWith("#EXTM3U");
        assertThat(get(b.baseUrl() + watch)).isEqualTo(fromA);
      }
      // Neither node kept media of its own: all of it is in the bucket.
      for (String node : new String[] {"a", "b"}) {
        try (var files = Files.walk(dir.resolve(node))) {
          assertThat(files.filter(Files::isRegularFile).map(Path::toString))
              .noneMatch(name -> name.endsWith(".ts") || name.endsWith(".mp4") || name.endsWith(".m3u8"));
        }
      }
    }
  }

  private static String get(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(url).isEqualTo(200);
      return response.body();
    }
  }
}
