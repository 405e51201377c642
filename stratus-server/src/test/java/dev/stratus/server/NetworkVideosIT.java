package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.client.PdsSession;
import dev.stratus.client.VideoPost;
import dev.stratus.core.job.Job;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.LexJson;
import dev.stratus.server.ingest.CaptionPublisher;
import dev.stratus.server.ingest.HeldMediaPurge;
import dev.stratus.server.ingest.NetworkVideos;
import dev.stratus.testkit.e2e.Account;
import dev.stratus.testkit.e2e.AtprotoNetwork;
import dev.stratus.testkit.media.MediaFixtures;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stratus as an AppView's video service, against the real PDS from {@code e2e/}: videos posted with
 * a plain {@code uploadBlob} are taken from the PDS's event stream (captions included), a restart
 * resumes from the stored cursor, a video never seen plays on its first request, a deleted post's
 * media goes, and blobs from refused hosts or with the wrong bytes are never played.
 */
class NetworkVideosIT {
  private static final double SECONDS = 3;
  private static final Pattern VARIANT = Pattern.compile("(?m)^(\\d{3,4}p/video\\.m3u8)$");
  @TempDir static Path dir;
  static AtprotoNetwork network;
  static Ffprobe ffprobe;
  static Path clip;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    ffprobe = new Ffprobe(ffmpeg);
    clip = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).landscape1080p(dir.resolve("clip.mp4"), SECONDS);
    network = AtprotoNetwork.start(AtprotoNetwork.defaultE2eDir());
  }

  @AfterAll
  static void stop() throws Exception {
    if (network != null) {
      network.close();
    }
  }

  /** Stratus for this network: blobs only from the test PDS (and {@code alsoAllowed}), no grace. */
  private static Map<String, String> env(boolean followStream, String... alsoAllowed) {
    Map<String, String> env = new HashMap<>();
    env.put("STRATUS_PLC_URL", network.plcUrl().toString());
    env.put("STRATUS_FETCH_ALLOW_HOSTS",
        String.join(",", List.of(List.of("localhost:" + network.pdsUrl().getPort()), List.of(alsoAllowed)).stream()
            .flatMap(List::stream).toList()));
    env.put("STRATUS_ON_DEMAND", "1");
    env.put("STRATUS_REMOVED_MEDIA_GRACE_HOURS", "0");
    env.put("STRATUS_UPLOAD_JANITOR_SECONDS", "1");
    if (followStream) {
      env.put("STRATUS_FIREHOSE_URL", network.pdsUrl().toString());
    }
    return env;
  }

  private static BlobRef upload(PdsSession session, String name, String text) throws IOException {
    return session.uploadBlob(Files.writeString(dir.resolve(name), text), "text/vtt");
  }

  private static String base(TestServer stratus, String did, String cid) {
    return stratus.baseUrl() + "/watch/" + URLEncoder.encode(did, StandardCharsets.UTF_8) + "/" + cid;
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Every variant of the master plays: H.264 video of the clip's length, with its audio. */
  private static void assertEveryVariantPlays(String base, String master) throws Exception {
    Matcher variants = VARIANT.matcher(master);
    int count = 0;
    while (variants.find()) {
      JsonNode rendition = ffprobe.probe(base + "/" + variants.group(1));
      assertThat(Ffprobe.streams(rendition, "video").get(0).path("codec_name").asText()).isEqualTo("h264");
      assertThat(Ffprobe.streams(rendition, "audio")).hasSize(1);
      assertThat(rendition.at("/format/duration").asDouble()).isCloseTo(SECONDS, org.assertj.core.data.Offset.offset(0.5));
      count++;
    }
    assertThat(count).as(master).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aVideoPostedWithUploadBlobAloneComesFromTheStreamWithItsCaptionsAndARestartResumes() throws Exception {
    Account alice = network.createAccount("alice");
    PdsSession session = alice.session();
    BlobRef video = session.uploadBlob(clip, "video/mp4");
    BlobRef english = upload(session, "en.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n");
    BlobRef german = upload(session, "de.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHallo\n");
    Path data = dir.resolve("following");
    String firstJob;
    try (TestServer stratus = TestServer.start(data, env(true));
        LogWatch captions = new LogWatch(CaptionPublisher.class, "captions of " + video.cid())) {
      session.createRecord(VideoPost.COLLECTION, VideoPost.of(video).text("waves").aspectRatio(1920, 1080)
          .caption("en", english).caption("de", german).toRecord());
      assertThat(captions.awaitMatches(1, 240)).as("captions published").isTrue();
      assertThat(captions.matching()).containsExactly("captions of " + video.cid() + " of " + alice.did() + ": [de, en]");

      String base = base(stratus, alice.did(), video.cid());
      HttpResponse<String> master = get(base + "/playlist.m3u8");
      assertThat(master.statusCode()).isEqualTo(200);
      assertThat(master.headers().firstValue("Cache-Control").orElseThrow()).doesNotContain("immutable");
      assertThat(master.body())
          .contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",LANGUAGE=\"en\",NAME=\"English\"")
          .contains("LANGUAGE=\"de\",NAME=\"German\"");
      assertThat(master.body().lines().filter(line -> line.startsWith("#EXT-X-STREAM-INF:")))
          .isNotEmpty()
          .allSatisfy(line -> assertThat(line).endsWith(",SUBTITLES=\"subs\""));
      assertEveryVariantPlays(base, master.body());
      assertThat(get(base + "/subs/en.m3u8").body()).contains("en.vtt").contains("#EXT-X-ENDLIST");
      HttpResponse<String> vtt = get(base + "/subs/de.vtt");
      assertThat(vtt.body()).contains("Hallo");
      assertThat(vtt.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/vtt");
      HttpResponse<String> rendition = get(base + "/360p/video.m3u8");
      assertThat(rendition.body()).contains("#EXT-X-PLAYLIST-TYPE:VOD").contains("#EXT-X-ENDLIST");
      assertThat(rendition.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");

      // A later post of the same video adds a track: the master is rewritten, nothing re-encoded.
      BlobRef french = upload(session, "fr.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n");
      session.createRecord(VideoPost.COLLECTION, VideoPost.of(video).text("encore").caption("fr", french).toRecord());
      assertThat(captions.awaitMatches(1, 60)).as("captions published again").isTrue();
      assertThat(captions.matching()).last().asString().endsWith(": [de, en, fr]");
      assertThat(get(base + "/playlist.m3u8").body()).contains("LANGUAGE=\"fr\",NAME=\"French\"");

      Job job = stratus.services.jobs().findIngest(alice.did(), video.cid()).orElseThrow();
      assertThat(job.state()).isEqualTo(JobState.COMPLETED);
      assertThat(job.blob().cid()).isEqualTo(video.cid());
      firstJob = job.id();
    }

    // Posted while Stratus is down: the restarted stream resumes from the stored cursor, so this
    // post arrives and the one before is not taken in again.
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path another = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).landscape1080p(dir.resolve("another.mp4"), 2);
    BlobRef later = session.uploadBlob(another, "video/mp4");
    session.createRecord(VideoPost.COLLECTION, VideoPost.of(later).text("again").toRecord());
    try (LogWatch queued = new LogWatch(NetworkVideos.class, "queued");
        TestServer stratus = TestServer.start(data, env(true))) {
      assertThat(queued.awaitMatches(1, 60)).as("the post made while down").isTrue();
      assertThat(queued.matching()).singleElement().asString().contains(later.cid());
      // The first request joins that job and waits for its first segments; then it runs to its end.
      assertThat(get(base(stratus, alice.did(), later.cid()) + "/playlist.m3u8").statusCode()).isEqualTo(200);
      stratus.drain();
      assertThat(stratus.services.jobs().findIngest(alice.did(), later.cid()).orElseThrow().state())
          .isEqualTo(JobState.COMPLETED);
      assertThat(stratus.services.jobs().findIngest(alice.did(), video.cid()).orElseThrow().id()).isEqualTo(firstJob);
      assertThat(queued.matching()).noneMatch(line -> line.contains(video.cid()));
    }
  }

  @Test
  void aVideoNeverSeenPlaysOnItsFirstRequest() throws Exception {
    Account carol = network.createAccount("carol");
    BlobRef video = carol.session().uploadBlob(clip, "video/mp4");
    carol.session().createRecord(VideoPost.COLLECTION, VideoPost.of(video).text("unseen").toRecord());
    try (TestServer stratus = TestServer.start(dir.resolve("on-demand"), env(false))) {
      String base = base(stratus, carol.did(), video.cid());
      long asked = System.nanoTime();
      HttpResponse<String> master = get(base + "/playlist.m3u8");
      assertThat(master.statusCode()).as(master.body()).isEqualTo(200);
      Matcher variant = VARIANT.matcher(master.body());
      assertThat(variant.find()).isTrue();
      HttpResponse<String> rendition = get(base + "/" + variant.group(1));
      String firstSegment = rendition.body().lines().filter(line -> line.endsWith(".ts")).findFirst().orElseThrow();
      HttpResponse<byte[]> segment = http.send(
          HttpRequest.newBuilder(URI.create(base + "/" + variant.group(1).replace("video.m3u8", firstSegment))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(segment.statusCode()).isEqualTo(200);
      System.out.printf("never-seen 3 s 1080p video: first segment after %.2f s%n", (System.nanoTime() - asked) / 1e9);
      // While it grows a playlist is revalidated on every request; once ended, cached for good.
      boolean ended = rendition.body().contains("#EXT-X-ENDLIST");
      assertThat(rendition.headers().firstValue("Cache-Control").orElseThrow())
          .isEqualTo(ended ? "public, max-age=31536000, immutable" : "no-cache");

      stratus.drain();
      assertEveryVariantPlays(base, get(base + "/playlist.m3u8").body());
      assertThat(stratus.services.jobs().findIngest(carol.did(), video.cid()).orElseThrow().state())
          .isEqualTo(JobState.COMPLETED);
    }
  }

  @Test
  void aViewersVideoStartsWhileTheOnlyWorkerEncodesALongUpload() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    Path longUpload = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).landscape1080p(dir.resolve("long.mp4"), 20);
    String uploader = "did:plc:busyworkeruploader";
    try (FakeDidWebHost host = new FakeDidWebHost(clip);
        TestServer stratus = TestServer.start(dir.resolve("busy"), env(false, host.hostAndPort()));
        LogWatch claims = new LogWatch("stratus.jobs", ch.qos.logback.classic.Level.INFO, "claimed by")) {
      String upload = stratus.client(TestServer.devToken(uploader, dev.stratus.lexicon.Nsid.REPO_UPLOAD_BLOB))
          .uploadVideo(uploader, longUpload, "video/mp4").jobId();
      assertThat(claims.awaitMatches(1, 60)).as("the upload taken up").isTrue();

      String base = base(stratus, host.did(), dev.stratus.atproto.Cid.of(clip));
      assertThat(get(base + "/playlist.m3u8").statusCode()).isEqualTo(200);
      // Its first segments are out while the upload (20 s of 1080p: far longer) still encodes.
      assertThat(stratus.services.jobs().find(upload).orElseThrow().state()).isNotEqualTo(JobState.COMPLETED);
      stratus.drain();
      assertThat(stratus.services.jobs().find(upload).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
    }
  }

  @Test
  void aDeletedPostsVideoIsGoneAtOnceAndItsFilesAfterTheGracePeriod() throws Exception {
    Account dave = network.createAccount("dave");
    PdsSession session = dave.session();
    BlobRef video = session.uploadBlob(clip, "video/mp4");
    Path data = dir.resolve("deletions");
    try (TestServer stratus = TestServer.start(data, env(true));
        LogWatch removed = new LogWatch(NetworkVideos.class, "its last post was deleted");
        LogWatch purged = new LogWatch(HeldMediaPurge.class, "deleted the media of the video " + video.cid())) {
      String post = session.createRecord(VideoPost.COLLECTION, VideoPost.of(video).text("soon gone").toRecord()).uri();
      String base = base(stratus, dave.did(), video.cid());
      // The first request joins the job the stream started (or starts it) and waits for it.
      assertThat(get(base + "/playlist.m3u8").statusCode()).isEqualTo(200);
      stratus.drain();
      Path folder = data.resolve("blobs/media/" + dave.did() + "/" + video.cid());
      assertThat(folder.resolve("360p/video.m3u8")).isNotEmptyFile();

      session.deleteRecord(post);
      assertThat(removed.awaitMatches(1, 60)).isTrue();
      HttpResponse<String> gone = get(base + "/playlist.m3u8");
      assertThat(gone.statusCode()).isEqualTo(410);
      assertThat(LexJson.mapper().readTree(gone.body()).path("error").asText()).isEqualTo("Gone");
      assertThat(get(base + "/360p/video0.ts").statusCode()).isEqualTo(410);

      assertThat(purged.awaitMatches(1, 60)).isTrue();
      assertThat(folder).doesNotExist();
      assertThat(get(base + "/playlist.m3u8").statusCode()).isEqualTo(410);
    }
  }

  @Test
  void blobsWithTheWrongBytesOrOnALoopbackPdsAreRefusedAndNotFetchedAgainAtOnce() throws Exception {
    String cid = "bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy";
    Path notTheVideo = Files.writeString(dir.resolve("not-the-video"), "these are not the bytes you asked for");
    try (FakeDidWebHost liar = new FakeDidWebHost(notTheVideo); FakeDidWebHost pointer = new FakeDidWebHost(notTheVideo)) {
      // A loopback address that is not an allowed host: never connected to.
      pointer.pdsEndpoint("http://127.0.0.1:" + liar.port());
      try (TestServer stratus = TestServer.start(dir.resolve("refusals"),
          env(false, liar.hostAndPort(), pointer.hostAndPort()))) {
        HttpResponse<String> mismatch = get(base(stratus, liar.did(), cid) + "/playlist.m3u8");
        assertThat(mismatch.statusCode()).isEqualTo(404);
        assertThat(LexJson.mapper().readTree(mismatch.body()).path("message").asText()).contains("CID");
        assertThat(liar.blobRequests).hasValue(1);

        HttpResponse<String> loopback = get(base(stratus, pointer.did(), cid) + "/playlist.m3u8");
        assertThat(loopback.statusCode()).isEqualTo(404);
        assertThat(LexJson.mapper().readTree(loopback.body()).path("message").asText())
            .contains("127.0.0.1").contains("not a public address");
        assertThat(liar.blobRequests).hasValue(1);

        // Asked again at once: answered from the recorded failure, not fetched again.
        assertThat(get(base(stratus, liar.did(), cid) + "/playlist.m3u8").statusCode()).isEqualTo(404);
        assertThat(liar.blobRequests).hasValue(1);
        // Not a blob CID, not a DID: refused before anything is looked up.
        assertThat(get(base(stratus, liar.did(), "bafyreinotablob") + "/playlist.m3u8").statusCode()).isEqualTo(404);
        assertThat(get(stratus.baseUrl() + "/watch/not-a-did/" + cid + "/playlist.m3u8").statusCode()).isEqualTo(404);
        assertThat(liar.blobRequests).hasValue(1);
      }
    }
  }
}
