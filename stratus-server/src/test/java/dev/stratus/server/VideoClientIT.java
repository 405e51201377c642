package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.client.TokenProvider;
import dev.stratus.core.upload.MultipartSettings;
import dev.stratus.client.VideoClient;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.http.FlakyProxy;
import dev.stratus.testkit.http.FlakyProxy.Fault;
import dev.stratus.testkit.media.MediaFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK against a real Stratus: both upload styles, following a job, and faults on the way. */
class VideoClientIT {
  @TempDir static Path dir;
  static TestServer server;
  static MediaFixtures fixtures;

  @BeforeAll
  static void start() {
    server = TestServer.start(dir.resolve("data"), Map.of());
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    fixtures = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static VideoClient client(String url, String did) {
    return VideoClient.builder().serviceUrl(url).tokens(TokenProvider.fixed(token(did)))
        .pollInterval(Duration.ofMillis(100)).retryBase(Duration.ofMillis(10)).build();
  }

  private static String token(String did) {
    return TestServer.devToken(did, Nsid.REPO_UPLOAD_BLOB);
  }

  @Test
  void anUploadIsFollowedToItsCompletion() throws Exception {
    String did = "did:plc:sdkfollows";
    Path clip = fixtures.noAudio(dir.resolve("follow.mp4"), 1);
    VideoClient client = client(server.baseUrl(), did);
    JobStatus created = client.upload(clip, "video/mp4");
    List<JobStatus> seen = new CopyOnWriteArrayList<>();
    JobStatus done = client.awaitCompletion(created.jobId(), seen::add, Duration.ofMinutes(2));

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.blob()).isNotNull();
    assertThat(seen).isNotEmpty().last().isEqualTo(done);
    // Each status told differs from the one before it.
    for (int i = 1; i < seen.size(); i++) {
      JobStatus before = seen.get(i - 1);
      JobStatus now = seen.get(i);
      assertThat(now.state().equals(before.state()) && java.util.Objects.equals(now.progress(), before.progress()))
          .as("status %d repeats %d", i, i - 1).isFalse();
    }

    // The same video again resolves to the earlier job, blob and all.
    JobStatus again = client.uploadVideo(did, clip, "video/mp4");
    assertThat(again.jobId()).isEqualTo(done.jobId());
    assertThat(again.blob()).isEqualTo(done.blob());
  }

  @Test
  void aServiceWithoutTheMultipartApiGetsOnePost() throws Exception {
    String did = "did:plc:sdkfallsback";
    Path clip = fixtures.noAudio(dir.resolve("fallback.mp4"), 1);
    try (FlakyProxy proxy = FlakyProxy.start(server.baseUrl(),
        r -> r.path().endsWith(Nsid.START_UPLOAD) ? Fault.NOT_IMPLEMENTED : Fault.NONE)) {
      JobStatus created = client(proxy.url(), did).upload(clip, "video/mp4");

      assertThat(created.did()).isEqualTo(did);
      assertThat(proxy.seen()).extracting(s -> s.path().substring(s.path().lastIndexOf('/') + 1) + " " + s.status())
          .containsExactly(Nsid.START_UPLOAD + " 501", Nsid.UPLOAD_VIDEO + " 200");
    }
  }

  @Test
  void followingAJobRidesOutAServiceThatFailsForAMoment() throws Exception {
    String did = "did:plc:sdkridesout";
    Path clip = fixtures.noAudio(dir.resolve("rides.mp4"), 1);
    JobStatus created = client(server.baseUrl(), did).upload(clip, "video/mp4");
    try (FlakyProxy proxy = FlakyProxy.start(server.baseUrl(), r -> r.index() < 3 ? Fault.OVERLOADED : Fault.NONE)) {
      JobStatus done = client(proxy.url(), did).awaitCompletion(created.jobId(), status -> {}, Duration.ofMinutes(2));

      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      assertThat(proxy.seen().subList(0, 3)).allSatisfy(s -> assertThat(s.status()).isEqualTo(503));
    }
  }

  @Test
  void aJobThatOutlivesTheWaitIsATimeoutNamingItsLastState() {
    // A node without workers never finishes the job.
    try (TestServer idle = TestServer.start(dir.resolve("idle"), Map.of("STRATUS_WORKERS", "0"))) {
      Path clip = fixtures.noAudio(dir.resolve("idle.mp4"), 1);
      VideoClient client = client(idle.baseUrl(), "did:plc:sdkwaitsforever");
      JobStatus created = client.upload(clip, "video/mp4");

      assertThatThrownBy(() -> client.awaitCompletion(created.jobId(), status -> {}, Duration.ofMillis(500)))
          .isInstanceOf(TimeoutException.class)
          .hasMessageContaining(created.jobId())
          .hasMessageContaining("JOB_STATE_CREATED");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void everyRequestAsksTheProviderSoATokenCanChangeMidUpload() throws Exception {
    String did = "did:plc:sdkrotates";
    // Three parts of the server's default size, so the upload makes at least five calls.
    Path video = MultipartUploadIT.padWithFreeBox(fixtures.noAudio(dir.resolve("rotate-src.mp4"), 1),
        dir.resolve("rotate.mp4"), 2L * MultipartSettings.DEFAULT_PART_SIZE + 100);
    List<String> asked = new CopyOnWriteArrayList<>();
    VideoClient client = VideoClient.builder().serviceUrl(server.baseUrl())
        .tokens(lxm -> {
          asked.add(lxm);
          // A new token each time, as a provider renewing short-lived tokens would give.
          return TestServer.devToken(did, lxm);
        })
        .build();

    JobStatus created = client.upload(video, "video/mp4");

    assertThat(created.did()).isEqualTo(did);
    // startUpload, three parts, finishUpload: each with its own token.
    assertThat(asked).hasSizeGreaterThanOrEqualTo(5).containsOnly(Nsid.REPO_UPLOAD_BLOB);
  }

  @Test
  void aStreamIsUploadedWithItsProgressCounted() throws Exception {
    String did = "did:plc:sdkstreams";
    Path clip = fixtures.noAudio(dir.resolve("stream.mp4"), 1);
    long size = java.nio.file.Files.size(clip);
    List<long[]> told = new CopyOnWriteArrayList<>();
    JobStatus created;
    try (var in = java.nio.file.Files.newInputStream(clip)) {
      created = client(server.baseUrl(), did).upload(in, size, "stream.mp4", "video/mp4",
          (sent, total) -> told.add(new long[] {sent, total}));
    }

    assertThat(created.did()).isEqualTo(did);
    assertThat(told).isNotEmpty().allSatisfy(t -> assertThat(t[1]).isEqualTo(size));
    assertThat(told.get(told.size() - 1)[0]).isEqualTo(size);
    JobStatus done = client(server.baseUrl(), did).awaitCompletion(created.jobId(), status -> {}, Duration.ofMinutes(2));
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    // The temporary copy is gone.
    try (var left = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("stratus-upload-"))).isEmpty();
    }
  }

  @Test
  void aStreamShorterThanItsSizeIsRefusedBeforeAnythingIsSent() {
    VideoClient client = client(server.baseUrl(), "did:plc:sdkshortstream");
    assertThatThrownBy(() -> client.upload(new java.io.ByteArrayInputStream(new byte[10]), 11, "short.mp4", "video/mp4",
            (sent, total) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("held 10 bytes, not the 11 announced");
  }

  @Test
  void aClientWithoutTokensSaysSo() {
    VideoClient client = VideoClient.builder().serviceUrl(server.baseUrl()).build();
    assertThatThrownBy(client::getUploadLimits).isInstanceOf(IllegalStateException.class).hasMessageContaining("no token provider");
  }
}
