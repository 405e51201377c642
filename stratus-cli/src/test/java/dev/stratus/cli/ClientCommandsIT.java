package dev.stratus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.LexJson;
import dev.stratus.server.Config;
import dev.stratus.server.Services;
import dev.stratus.testkit.e2e.Account;
import dev.stratus.testkit.e2e.AtprotoNetwork;
import dev.stratus.testkit.media.MediaFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code stratus} client commands end to end: a real Stratus (verifying tokens, handing blobs
 * to the PDS) and the real PDS and PLC from {@code e2e/}; each post is read back from the PDS.
 */
class ClientCommandsIT {
  private static final String SERVICE_DID = "did:web:stratus.test";

  @TempDir static Path dir;
  static AtprotoNetwork network;
  static Services stratus;
  static Path clip;
  static Path portrait;

  @BeforeAll
  static void start() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    MediaFixtures fixtures = new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env());
    clip = fixtures.noAudio(dir.resolve("clip.mp4"), 1);
    portrait = fixtures.portraitRotated(dir.resolve("portrait.mp4"), 1);
    network = AtprotoNetwork.start(AtprotoNetwork.defaultE2eDir());
    stratus = startStratus(dir.resolve("stratus"), Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (stratus != null) {
      stratus.close();
    }
    if (network != null) {
      network.close();
    }
  }

  static Services startStratus(Path data, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("STRATUS_HOST", "127.0.0.1");
    env.put("STRATUS_PORT", "0");
    env.put("STRATUS_DATA_DIR", data.toString());
    env.put("STRATUS_PLC_URL", network.plcUrl().toString());
    env.put("STRATUS_SERVICE_DID", SERVICE_DID);
    env.put("STRATUS_PDS_RETRY_DELAY_MILLIS", "10");
    env.putAll(extra);
    return Services.start(Config.fromEnvironment(env), Clock.systemUTC());
  }

  static String url(Services services) {
    return "http://127.0.0.1:" + services.port();
  }

  record Run(int exit, String out, String err) {}

  static Run stratus(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var command = StratusCli.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int exit = command.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** The service and login options every client command here shares. */
  static List<String> as(Account account, Services services, String... rest) {
    List<String> args = new ArrayList<>(List.of(rest));
    args.addAll(List.of("--service", url(services), "--service-did", SERVICE_DID,
        "--handle", account.handle(), "--app-password", account.password(), "--pds", network.pdsUrl().toString()));
    return args;
  }

  private static Path vtt(String name, String line) throws Exception {
    return Files.writeString(dir.resolve(name), "WEBVTT\n\n00:00.000 --> 00:01.000\n" + line + "\n");
  }

  @Test
  void postTakesAVideoAllTheWayToABlueskyPostWithCaptions() throws Exception {
    Account alice = network.createAccount("alice");
    Path english = vtt("en.vtt", "Hello");
    Path portuguese = vtt("pt.vtt", "Olá");
    List<String> args = as(alice, stratus, "post", clip.toString(), "--text", "my first video", "--alt", "a test card",
        "--caption", "en=" + english, "--caption", "pt-BR=" + portuguese, "--gif", "--json");

    Run run = stratus(args.toArray(String[]::new));

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode posted = LexJson.mapper().readTree(run.out());
    String uri = posted.path("uri").asText();
    String cid = posted.path("video").path("ref").path("$link").asText();
    assertThat(uri).startsWith("at://" + alice.did() + "/app.bsky.feed.post/");

    JsonNode record = alice.session().getRecord(uri);
    assertThat(record.path("text").asText()).isEqualTo("my first video");
    JsonNode embed = record.path("embed");
    assertThat(embed.path("$type").asText()).isEqualTo("app.bsky.embed.video");
    assertThat(embed.path("video").path("ref").path("$link").asText()).isEqualTo(cid);
    assertThat(embed.path("video").path("mimeType").asText()).isEqualTo("video/mp4");
    assertThat(embed.path("alt").asText()).isEqualTo("a test card");
    assertThat(embed.path("presentation").asText()).isEqualTo("gif");
    assertThat(embed.path("aspectRatio").path("width").asInt()).isEqualTo(640);
    assertThat(embed.path("aspectRatio").path("height").asInt()).isEqualTo(480);
    assertThat(embed.path("captions")).hasSize(2);
    assertThat(embed.path("captions").path(0).path("lang").asText()).isEqualTo("en");
    assertThat(embed.path("captions").path(1).path("lang").asText()).isEqualTo("pt-BR");
    String englishCid = embed.path("captions").path(0).path("file").path("ref").path("$link").asText();
    assertThat(alice.session().getBlob(alice.did(), englishCid)).isEqualTo(Files.readAllBytes(english));
    assertThat(embed.path("captions").path(1).path("file").path("mimeType").asText()).isEqualTo("text/vtt");

    // The PDS holds the video the post names, and Stratus plays it under the same CID.
    assertThat(alice.session().getBlob(alice.did(), cid)).isNotEmpty();
    HttpResponse<String> playlist = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url(stratus) + "/watch/" + alice.did() + "/" + cid + "/playlist.m3u8")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(playlist.statusCode()).isEqualTo(200);
    assertThat(playlist.body()).startsWith("#EXTM3U");
  }

  @Test
  void postFindsThePdsFromTheHandleAndGivesAPortraitVideoItsDisplayShape() throws Exception {
    Account bob = network.createAccount("bob");
    // No --pds: the handle is resolved (the test PDS answers resolveHandle) and the DID document
    // read from the PLC directory names the PDS.
    Run run = stratus("post", portrait.toString(), "--text", "sideways", "--service", url(stratus),
        "--service-did", SERVICE_DID, "--handle", bob.handle(), "--app-password", bob.password(),
        "--resolver", network.pdsUrl().toString(), "--plc", network.plcUrl().toString());

    assertThat(run.exit()).as(run.err()).isZero();
    String uri = run.out().strip();
    assertThat(uri).startsWith("at://" + bob.did() + "/app.bsky.feed.post/").doesNotContain("\n");
    assertThat(run.err()).contains("logged in as " + bob.handle()).contains("processing: 100% completed");
    JsonNode aspect = bob.session().getRecord(uri).path("embed").path("aspectRatio");
    assertThat(aspect.path("width").asInt()).isEqualTo(720);
    assertThat(aspect.path("height").asInt()).isEqualTo(1280);
  }

  @Test
  void uploadThenStatusFollowForScripts() throws Exception {
    Account carol = network.createAccount("carol");
    Run upload = stratus(as(carol, stratus, "upload", clip.toString(), "--no-wait", "--json").toArray(String[]::new));
    assertThat(upload.exit()).as(upload.err()).isZero();
    assertThat(upload.err()).isEmpty();
    String jobId = LexJson.mapper().readTree(upload.out()).path("jobId").asText();

    Run status = stratus("status", jobId, "--follow", "--json", "--service", url(stratus));

    assertThat(status.exit()).as(status.err()).isZero();
    JsonNode job = LexJson.mapper().readTree(status.out());
    assertThat(job.path("state").asText()).isEqualTo("JOB_STATE_COMPLETED");
    assertThat(job.path("did").asText()).isEqualTo(carol.did());
    assertThat(job.path("blob").path("ref").path("$link").asText()).isNotEmpty();

    Run limits = stratus(as(carol, stratus, "limits").toArray(String[]::new));
    assertThat(limits.exit()).as(limits.err()).isZero();
    assertThat(limits.out()).startsWith("you can upload; 24 videos and");
  }

  @Test
  void eachKindOfFailureHasItsMessageAndExitCode() throws Exception {
    Account dave = network.createAccount("dave");

    Run badPassword = stratus("post", clip.toString(), "--service", url(stratus), "--service-did", SERVICE_DID,
        "--handle", dave.handle(), "--app-password", "not-the-password", "--pds", network.pdsUrl().toString());
    assertThat(badPassword.exit()).isEqualTo(ExitCode.AUTH.code);
    assertThat(badPassword.err()).contains("login as " + dave.handle() + " failed").contains("app password")
        .doesNotContain("Exception");

    Path garbage = Files.write(dir.resolve("garbage.mp4"), "this is not a video".repeat(100).getBytes(StandardCharsets.UTF_8));
    Run notAVideo = stratus(as(dave, stratus, "post", garbage.toString()).toArray(String[]::new));
    assertThat(notAVideo.exit()).isEqualTo(ExitCode.REJECTED.code);
    assertThat(notAVideo.err()).contains("is not a video that can be posted");

    Run rejected = stratus(as(dave, stratus, "upload", garbage.toString()).toArray(String[]::new));
    assertThat(rejected.exit()).as(rejected.err()).isEqualTo(ExitCode.REJECTED.code);
    assertThat(rejected.err()).contains("not in a video container").doesNotContain("Exception");

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Run unreachable = stratus("status", "some-job", "--service", "http://127.0.0.1:" + closedPort);
    assertThat(unreachable.exit()).isEqualTo(ExitCode.UNREACHABLE.code);
    assertThat(unreachable.err()).contains("cannot reach http://127.0.0.1:" + closedPort);

    Run noCredentials = stratus("upload", clip.toString(), "--service", url(stratus));
    assertThat(noCredentials.exit()).isEqualTo(ExitCode.USAGE.code);
    assertThat(noCredentials.err()).contains("give --token, or --handle and --app-password");

    Path srt = Files.writeString(dir.resolve("en.srt"), "1\n00:00:00,000 --> 00:00:01,000\nHello\n");
    Run notVtt = stratus(as(dave, stratus, "post", clip.toString(), "--caption", "en=" + srt).toArray(String[]::new));
    assertThat(notVtt.exit()).isEqualTo(ExitCode.USAGE.code);
    assertThat(notVtt.err()).contains("is not a WebVTT file");
    Run tooBig = stratus(as(dave, stratus, "post", clip.toString(), "--caption", "en=" + clip).toArray(String[]::new));
    assertThat(tooBig.exit()).isEqualTo(ExitCode.USAGE.code);
    assertThat(tooBig.err()).contains("a caption file holds at most 20000");
    Run badLanguage = stratus(as(dave, stratus, "post", clip.toString(), "--caption", "english!=" + srt).toArray(String[]::new));
    assertThat(badLanguage.exit()).isEqualTo(ExitCode.USAGE.code);
    assertThat(badLanguage.err()).contains("is not a language tag");
  }

  @Test
  void credentialsComeFromTheEnvironmentAndNeverShow() throws Exception {
    Account fay = network.createAccount("fay");
    Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder child = new ProcessBuilder(javaBinary.toString(), "-cp", System.getProperty("java.class.path"),
        StratusCli.class.getName(), "limits", "--service", url(stratus), "--service-did", SERVICE_DID,
        "--pds", network.pdsUrl().toString());
    child.environment().put("STRATUS_HANDLE", fay.handle());
    child.environment().put("STRATUS_APP_PASSWORD", fay.password());
    child.redirectErrorStream(true);
    Process process = child.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("you can upload; 25 videos").doesNotContain(fay.password());
  }

  @Test
  void anAccountWithNothingLeftTodayIsToldSoBeforeAnyUpload(@TempDir Path data) throws Exception {
    Account erin = network.createAccount("erin");
    try (Services full = startStratus(data, Map.of("STRATUS_DAILY_VIDEOS", "0"))) {
      Run limits = stratus(as(erin, full, "limits").toArray(String[]::new));
      assertThat(limits.exit()).isEqualTo(ExitCode.LIMITS.code);
      assertThat(limits.out()).startsWith("you cannot upload now");

      Run post = stratus(as(erin, full, "post", clip.toString()).toArray(String[]::new));
      assertThat(post.exit()).isEqualTo(ExitCode.LIMITS.code);
      assertThat(post.err()).contains("you cannot upload now");
      assertThat(post.err()).doesNotContain("uploading");
    }
  }
}
