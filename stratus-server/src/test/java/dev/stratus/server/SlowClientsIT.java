package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import dev.stratus.server.xrpc.XrpcRoutes;
import dev.stratus.testkit.media.MediaFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads that trickle, stall, pile up or break off: each is cut off with an XRPC error and leaves
 * nothing behind, and nobody else waits for them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SlowClientsIT {
  private static final String VIEWER = "did:plc:slowclientsviewer";
  private static final String ATTACKER = "did:plc:slowclientsattack";
  private static final Duration READ_WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path dir;
  /** Caps high enough that 300 slow bodies are all let in and held. */
  static TestServer open;
  /** Caps low enough to be hit: 4 bodies per account, 6 per address. */
  static TestServer capped;
  static JobStatus video;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> fastCutOff = Map.of(
        "STRATUS_UPLOAD_RATE_WINDOW_SECONDS", "2",
        "STRATUS_HTTP_IDLE_TIMEOUT_SECONDS", "3");
    Map<String, String> openEnv = new java.util.HashMap<>(fastCutOff);
    openEnv.put("STRATUS_MAX_UPLOADS_PER_ACCOUNT", "1000");
    openEnv.put("STRATUS_MAX_UPLOADS_PER_ADDRESS", "1000");
    open = TestServer.start(dir.resolve("open"), openEnv);
    capped = TestServer.start(dir.resolve("capped"), Map.of(
        "STRATUS_UPLOAD_RATE_WINDOW_SECONDS", "4",
        "STRATUS_HTTP_IDLE_TIMEOUT_SECONDS", "6",
        "STRATUS_MAX_UPLOADS_PER_ACCOUNT", "4",
        "STRATUS_MAX_UPLOADS_PER_ADDRESS", "6"));
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).noAudio(dir.resolve("clip.mp4"), 1);
    JobStatus created = open.client(token(VIEWER)).uploadVideo(VIEWER, clip, "video/mp4");
    open.drain();
    video = open.client.getJobStatus(created.jobId());
    assertThat(video.state()).as(video.toString()).isEqualTo(JobState.COMPLETED);
  }

  @AfterAll
  static void stop() {
    Stream.of(open, capped).filter(s -> s != null).forEach(TestServer::close);
  }

  private static String token(String did) {
    return TestServer.devToken(did, Nsid.REPO_UPLOAD_BLOB);
  }

  @Test
  void threeHundredTricklingUploadsNeitherHoldTheServerNorLeaveAnything() throws Exception {
    List<Path> filesBefore = files(open.dataDir.resolve("blobs"));
    readLatencies(20, null); // warms the read path up
    List<Long> quiet = readLatencies(20, null);

    try (Trickle trickle = new Trickle(open, ATTACKER, 300)) {
      List<Long> loaded = readLatencies(1000, trickle.allAnswered);
      List<RawHttp.Answer> answers = trickle.awaitAll();

      System.out.printf("reads: quiet median %d ms, max %d ms; under 300 slow uploads median %d ms, max %d ms (%d rounds)%n",
          median(quiet), max(quiet), median(loaded), max(loaded), loaded.size());
      assertThat(loaded.size()).as("read rounds while the uploads crawled").isGreaterThanOrEqualTo(5);
      assertThat(max(loaded)).as("slowest read under load, ms").isLessThan(1000);
      assertThat(median(loaded)).as("median read under load, ms").isLessThanOrEqualTo(5 * median(quiet) + 20);
      assertThat(answers).hasSize(300).allSatisfy(a -> assertXrpcError(a, 408, "RequestTimeout"));
    }
    assertThat(files(open.dataDir.resolve("blobs"))).isEqualTo(filesBefore);
    assertThat(open.client(TestServer.devToken(ATTACKER, Nsid.GET_UPLOAD_LIMITS)).getUploadLimits().remainingDailyVideos())
        .isEqualTo(25);
  }

  @Test
  void uploadsOverTheAccountOrAddressCapAreRefusedAtOnce() throws Exception {
    try (Trickle first = new Trickle(capped, "did:plc:slowclientscapone", 50)) {
      List<RawHttp.Answer> refused = first.await(46);
      assertThat(refused).allSatisfy(a -> {
        assertXrpcError(a, 429, "RateLimitExceeded");
        assertThat(a.body()).contains("this account");
      });
      try (Trickle second = new Trickle(capped, "did:plc:slowclientscaptwo", 10)) {
        List<RawHttp.Answer> refusedByAddress = second.await(8);
        assertThat(refusedByAddress).allSatisfy(a -> {
          assertXrpcError(a, 429, "RateLimitExceeded");
          assertThat(a.body()).contains("this address");
        });
        assertThat(second.awaitAll()).filteredOn(a -> a.status() == 408).hasSize(2);
      }
      assertThat(first.awaitAll()).filteredOn(a -> a.status() == 408).hasSize(4);
    }
    // The places are given back: the account may upload again.
    try (Trickle again = new Trickle(capped, "did:plc:slowclientscapone", 4)) {
      assertThat(again.awaitAll()).allSatisfy(a -> assertXrpcError(a, 408, "RequestTimeout"));
    }
  }

  @Test
  void aConnectionDroppedMidUploadIsAnOrdinaryEventAndCostsNothing() throws Exception {
    String did = "did:plc:slowclientsdropper";
    List<Path> filesBefore = files(open.dataDir.resolve("blobs"));
    String upload = Nsid.path(Nsid.UPLOAD_VIDEO) + "?did=" + did;
    try (LogWatch log = new LogWatch(XrpcRoutes.class, "ended early")) {
      // Reset mid-body: nobody is left to answer.
      try (Socket socket = RawHttp.connect(open.services.port(), READ_WAIT)) {
        sendPartly(socket, RawHttp.uploadHead(upload, token(did), 1_000_000), 100_000);
        socket.setSoLinger(true, 0);
      }
      assertThat(log.awaitMatches(1, 30)).as("the server logged the reset").isTrue();
      // Half-closed mid-body: the client still listens for the answer.
      try (Socket socket = RawHttp.connect(open.services.port(), READ_WAIT)) {
        sendPartly(socket, RawHttp.uploadHead(upload, token(did), 1_000_000), 100_000);
        socket.shutdownOutput();
        assertXrpcError(RawHttp.read(socket), 400, "InvalidRequest");
      }
      // A multipart part cut off the same way is not recorded.
      String jobId = startUpload(did, 6L << 20);
      try (Socket socket = RawHttp.connect(open.services.port(), READ_WAIT)) {
        String part = Nsid.path(Nsid.UPLOAD_PART) + "?jobId=" + jobId + "&partNumber=1";
        sendPartly(socket, RawHttp.uploadHead(part, token(did), 6L << 20), 1_000_000);
        socket.setSoLinger(true, 0);
      }
      assertThat(log.awaitMatches(2, 30)).as("the server logged both").isTrue();
      JsonNode status = xrpc(Nsid.GET_UPLOAD_STATUS, "?jobId=" + jobId, did, null);
      assertThat(status.path("receivedParts")).as(status.toString()).isEmpty();
      xrpc(Nsid.ABORT_UPLOAD, "", did, "{\"jobId\":\"" + jobId + "\"}");

      assertThat(log.matching()).hasSize(3);
      assertThat(log.stackTraces()).isEmpty();
    }
    assertThat(files(open.dataDir.resolve("blobs"))).isEqualTo(filesBefore);
    assertThat(open.client(TestServer.devToken(did, Nsid.GET_UPLOAD_LIMITS)).getUploadLimits().remainingDailyVideos())
        .isEqualTo(25);
  }

  private static void sendPartly(Socket socket, String head, int bodyBytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(new byte[bodyBytes]);
    out.flush();
  }

  private static String startUpload(String did, long size) throws Exception {
    JsonNode started = xrpc(Nsid.START_UPLOAD, "", did, "{\"sizeBytes\":" + size + ",\"mimeType\":\"video/mp4\"}");
    assertThat(started.path("jobId").asText()).as(started.toString()).isNotBlank();
    return started.path("jobId").asText();
  }

  /** Calls an upload method as {@code did}: a POST when there is a JSON body, else a GET. */
  private static JsonNode xrpc(String method, String query, String did, String jsonBody) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(open.baseUrl() + Nsid.path(method) + query))
            .header("Authorization", "Bearer " + token(did))
            .timeout(Duration.ofSeconds(10));
    if (jsonBody != null) {
      request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody));
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + response.body()).isEqualTo(200);
    return LexJson.read(response.body(), JsonNode.class);
  }

  /**
   * Rounds of what viewers ask for (health, a job's status, its playlist and thumbnail), each
   * answered 200 within 2 s; the latency of each round. Runs {@code max} rounds, or until
   * {@code until} opens.
   */
  private static List<Long> readLatencies(int max, CountDownLatch until) throws Exception {
    String watch = "/watch/" + URLEncoder.encode(VIEWER, StandardCharsets.UTF_8) + "/" + video.blob().cid();
    List<String> paths = List.of(
        "/_health", Nsid.path(Nsid.GET_JOB_STATUS) + "?jobId=" + video.jobId(), watch + "/playlist.m3u8",
        watch + "/thumbnail.jpg");
    List<Long> latencies = new ArrayList<>();
    while (latencies.size() < max && (until == null || until.getCount() > 0)) {
      long started = System.nanoTime();
      for (String path : paths) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(open.baseUrl() + path)).timeout(Duration.ofSeconds(2)).build();
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
      }
      latencies.add((System.nanoTime() - started) / 1_000_000);
    }
    return latencies;
  }

  private static long median(List<Long> values) {
    return values.stream().sorted().toList().get(values.size() / 2);
  }

  private static long max(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  private static void assertXrpcError(RawHttp.Answer answer, int status, String error) {
    assertThat(answer.status()).as(answer.head() + "\n" + answer.body()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/json");
    assertThat(LexJson.read(answer.body(), JsonNode.class).path("error").asText()).isEqualTo(error);
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /**
   * {@code count} uploadVideo requests from one account that announce 10 MB and then send one
   * byte every half second, each answer read on its own virtual thread.
   */
  private static final class Trickle implements AutoCloseable {
    final CountDownLatch allAnswered;
    private final List<Socket> sockets = new ArrayList<>();
    private final ConcurrentLinkedQueue<RawHttp.Answer> answers = new ConcurrentLinkedQueue<>();
    private final Semaphore answered = new Semaphore(0);
    private final Thread writer;
    private int taken;

    Trickle(TestServer server, String did, int count) throws IOException {
      allAnswered = new CountDownLatch(count);
      String head = RawHttp.uploadHead(Nsid.path(Nsid.UPLOAD_VIDEO) + "?did=" + did, token(did), 10_000_000);
      for (int i = 0; i < count; i++) {
        Socket socket = RawHttp.connect(server.services.port(), READ_WAIT);
        socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        sockets.add(socket);
        Thread.ofVirtual().start(() -> {
          try {
            answers.add(RawHttp.read(socket));
          } catch (IOException e) {
            answers.add(new RawHttp.Answer(0, e.toString(), ""));
          }
          answered.release();
          allAnswered.countDown();
        });
      }
      writer = Thread.ofPlatform().daemon().start(this::trickle);
    }

    private void trickle() {
      try {
        while (allAnswered.getCount() > 0) {
          for (Socket socket : sockets) {
            try {
              socket.getOutputStream().write('x');
            } catch (IOException e) {
              // Cut off already; its answer is being read.
            }
          }
          allAnswered.await(500, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** The next {@code n} answers, in the order they came. */
    List<RawHttp.Answer> await(int n) throws InterruptedException {
      assertThat(answered.tryAcquire(n, 60, TimeUnit.SECONDS)).as("%d answers in time", n).isTrue();
      List<RawHttp.Answer> next = answers.stream().skip(taken).limit(n).toList();
      taken += n;
      return next;
    }

    /** Every answer not yet taken, once all have come. */
    List<RawHttp.Answer> awaitAll() throws InterruptedException {
      return await(sockets.size() - taken);
    }

    @Override
    public void close() throws Exception {
      for (Socket socket : sockets) {
        socket.close();
      }
      writer.interrupt();
      writer.join(5_000);
    }
  }
}
