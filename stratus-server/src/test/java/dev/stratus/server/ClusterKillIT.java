package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.client.TokenProvider;
import dev.stratus.client.VideoClient;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.atproto.TestKeyPair;
import dev.stratus.testkit.atproto.TestKeys;
import dev.stratus.testkit.media.MediaFixtures;
import dev.stratus.testkit.pds.FakePds;
import dev.stratus.testkit.pds.FakePlc;
import dev.stratus.testkit.sql.TestPostgres;
import dev.stratus.testkit.storage.TestS3;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Three Stratus processes on one PostgreSQL database and one S3 bucket, in production mode,
 * delivering to a recording PDS. Thirty uploads spread over the nodes (and one multipart upload
 * whose parts go to different nodes); one node is killed with SIGKILL in the middle of an encode.
 * Every job completes exactly once (one {@code uploadBlob} per job at the PDS), every node plays
 * the videos, and no upload, part or unfinished row is left behind.
 */
class ClusterKillIT {
  private static final int UPLOADS = 30;
  private static final String PDS_AUDIENCE = "did:web:127.0.0.1";

  @TempDir Path dir;

  @Test
  void aClusterLosesANodeMidEncodeAndEveryJobCompletesExactlyOnce() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    MediaFixtures fixtures = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env());
    Path clip = fixtures.landscape1080p(dir.resolve("clip.mp4"), 2);
    byte[] inParts = Files.readAllBytes(
        MultipartUploadIT.padWithFreeBox(clip, dir.resolve("parts.mp4"), 2L * MultipartUploadIT.PART + 999));
    TestKeyPair key = TestKeys.k256();
    List<ChildNode> nodes = new ArrayList<>();
    try (TestPostgres database = TestPostgres.create();
        TestS3 s3 = TestS3.start();
        FakePlc plc = FakePlc.start();
        FakePds pds = FakePds.start()) {
      String bucket = s3.newBucket();
      Map<String, String> env = SharedStorage.env(database, s3, bucket);
      env.putAll(Map.ofEntries(
          Map.entry("STRATUS_HOST", "127.0.0.1"),
          Map.entry("STRATUS_PORT", "0"),
          Map.entry("STRATUS_DEV", "0"),
          Map.entry("STRATUS_PLC_URL", plc.url()),
          Map.entry("STRATUS_PUBLIC_URL", "https://video.example.com"),
          Map.entry("STRATUS_UPLOAD_PART_BYTES", Integer.toString(MultipartUploadIT.PART)),
          Map.entry("STRATUS_JOB_LEASE_SECONDS", "10"),
          Map.entry("STRATUS_POLL_SECONDS", "1"),
          Map.entry("STRATUS_PDS_RETRY_DELAY_MILLIS", "10"),
          Map.entry("STRATUS_DAILY_VIDEOS", "1000")));
      for (int n = 0; n < 3; n++) {
        env.put("STRATUS_DATA_DIR", dir.resolve("node" + n).toString());
        nodes.add(ChildNode.start(env));
      }

      Function<String, String> token = did -> key.jwt(Instant.now()).iss(did).aud(PDS_AUDIENCE)
          .lxm(Nsid.REPO_UPLOAD_BLOB).exp(Instant.now().plus(Duration.ofMinutes(30))).sign();
      List<String> jobIds = new ArrayList<>();
      for (int i = 0; i < UPLOADS; i++) {
        String did = String.format("did:plc:clusteruser%010d", i);
        plc.put(did, key.didDocumentJson(did, pds.url()));
        ChildNode node = nodes.get(i % 3);
        VideoClient client = VideoClient.builder().serviceUrl(node.url()).tokens(TokenProvider.fixed(token.apply(did))).build();
        jobIds.add(client.uploadVideo(did, clip, "video/mp4").jobId());
      }
      // One more, in parts that reach three different nodes.
      String partsDid = "did:plc:clusterparts00000000";
      plc.put(partsDid, key.didDocumentJson(partsDid, pds.url()));
      String partsToken = token.apply(partsDid);
      MultipartUploadIT.Answer started = MultipartUploadIT.call(nodes.get(0).url(), Nsid.START_UPLOAD, null, partsToken,
          "application/json", ("{\"sizeBytes\":" + inParts.length + ",\"mimeType\":\"video/mp4\"}").getBytes(StandardCharsets.UTF_8));
      String partsJob = started.body().path("jobId").asText();
      for (int number = 1; number <= 3; number++) {
        MultipartUploadIT.Answer part = MultipartUploadIT.call(nodes.get(number % 3).url(), Nsid.UPLOAD_PART,
            "jobId=" + partsJob + "&partNumber=" + number, partsToken, "application/octet-stream",
            MultipartUploadIT.slice(inParts, number));
        assertThat(part.status()).as("part %d", number).isEqualTo(200);
      }
      MultipartUploadIT.Answer finished = MultipartUploadIT.call(nodes.get(2).url(), Nsid.FINISH_UPLOAD, null, partsToken,
          "application/json", ("{\"jobId\":\"" + partsJob + "\"}").getBytes(StandardCharsets.UTF_8));
      assertThat(finished.status()).as(finished.body().toString()).isEqualTo(200);
      jobIds.add(partsJob);

      // Node 1 dies in the middle of an encode: no shutdown hook, its lease simply stops being renewed.
      ChildNode victim = nodes.get(1);
      victim.awaitLineContaining("JOB_STATE_ENCODING");
      victim.kill();

      VideoClient reader = VideoClient.builder().serviceUrl(nodes.get(0).url()).pollInterval(Duration.ofMillis(250)).build();
      List<JobStatus> done = new ArrayList<>();
      for (String jobId : jobIds) {
        JobStatus status = reader.awaitCompletion(jobId, s -> {}, Duration.ofMinutes(5));
        assertThat(status.state()).as(status.toString()).isEqualTo(JobState.COMPLETED);
        done.add(status);
      }

      // Exactly once: one uploadBlob per job at the PDS, each with the job's own account.
      Map<String, Long> deliveries = pds.uploads().stream()
          .collect(Collectors.groupingBy(upload -> upload.cid() + " " + upload.authorization(), Collectors.counting()));
      assertThat(pds.uploads()).hasSize(jobIds.size());
      assertThat(deliveries.values()).allMatch(count -> count == 1);

      // Every node plays every video: the two that lived, and the killed one started again.
      nodes.set(1, restart(env, dir.resolve("node1")));
      for (JobStatus status : List.of(done.get(0), done.get(UPLOADS / 2), done.get(done.size() - 1))) {
        for (ChildNode node : nodes) {
          String playlist = get(node.url() + "/watch/" + status.did() + "/" + status.blob().cid() + "/playlist.m3u8");
          assertThat(playlist).startsWith("#EXTM3U");
        }
      }

      // Nothing left behind: no upload or part in the bucket, no unfinished job or open upload.
      try (S3Client client = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
          .forcePathStyle(true).endpointOverride(s3.endpoint())
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
        for (String prefix : new String[] {"uploads/", "parts/", "ready/"}) {
          assertThat(client.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents()).as(prefix).isEmpty();
        }
      }
      try (Connection c = DriverManager.getConnection(database.url()); Statement s = c.createStatement()) {
        assertThat(count(s, "SELECT count(*) FROM jobs WHERE state NOT IN ('JOB_STATE_COMPLETED', 'JOB_STATE_FAILED')"))
            .isZero();
        assertThat(count(s, "SELECT count(*) FROM jobs WHERE attempts > 1")).as("the killed node's job, taken over").isPositive();
        assertThat(count(s, "SELECT count(*) FROM uploads WHERE ended_at IS NULL")).isZero();
      }
    } finally {
      for (ChildNode node : nodes) {
        node.kill();
      }
    }
  }

  private static ChildNode restart(Map<String, String> env, Path data) throws Exception {
    Map<String, String> again = new HashMap<>(env);
    again.put("STRATUS_DATA_DIR", data.toString());
    return ChildNode.start(again);
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
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
