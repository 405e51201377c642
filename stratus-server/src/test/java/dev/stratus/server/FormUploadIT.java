package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import dev.stratus.testkit.media.MediaFixtures;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** uploadVideo as form-based clients (kbsky) and untyped raw bodies send it. */
@Timeout(180)
class FormUploadIT {
  private static final String BOUNDARY = "----kbskyBoundary7MA4YWxkTrZu0gW";
  private static final long MAX_UPLOAD = 3_000_000;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path dir;
  static TestServer server;
  static byte[] clip;

  @BeforeAll
  static void start() throws Exception {
    FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    clip = Files.readAllBytes(new MediaFixtures(ffmpeg.ffmpeg(), ffmpeg.env()).noAudio(dir.resolve("clip.mp4"), 1));
    server = TestServer.start(dir.resolve("data"), Map.of("STRATUS_MAX_UPLOAD_BYTES", Long.toString(MAX_UPLOAD)));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A form with a text field first, then the file part, as browsers and kbsky lay it out. */
  private static byte[] form(String field, String filename, String partType, byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
        + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename + "\"\r\n"
        + (partType == null ? "" : "Content-Type: " + partType + "\r\n") + "\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  private static HttpResponse<String> upload(String did, String contentType, byte[] body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + Nsid.path(Nsid.UPLOAD_VIDEO)))
            .header("Authorization", "Bearer " + TestServer.devToken(did, Nsid.REPO_UPLOAD_BLOB))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JobStatus processed(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String jobId = LexJson.read(response.body(), JsonNode.class).path("jobId").asText();
    server.drain();
    return server.client.getJobStatus(jobId);
  }

  @Test
  void aFormWithAnUntypedFileIsProbedAndProcessed() throws Exception {
    // What kbsky sends for a file whose name has no video extension.
    HttpResponse<String> response =
        upload("did:plc:kbskyuser", "multipart/form-data; boundary=" + BOUNDARY, form("file", "upload.bin", "application/octet-stream", clip));
    JobStatus done = processed(response);
    assertThat(done.state()).as(done.toString()).isEqualTo(JobState.COMPLETED);
    assertThat(server.services.jobs().find(done.jobId()).orElseThrow().inputSize()).isEqualTo(clip.length);
  }

  @Test
  void aFormPartsOwnTypeOrFileNameGivesTheType() throws Exception {
    JobStatus typed = processed(upload("did:plc:formtyped", "multipart/form-data; boundary=\"" + BOUNDARY + "\"",
        form("file", "x", "video/mp4", clip)));
    assertThat(typed.state()).isEqualTo(JobState.COMPLETED);
    assertThat(server.services.jobs().find(typed.jobId()).orElseThrow().inputMimeType()).isEqualTo("video/mp4");
    JobStatus named = processed(upload("did:plc:formnamed", "multipart/form-data; boundary=" + BOUNDARY,
        form("file", "clip.MOV", null, clip)));
    assertThat(server.services.jobs().find(named.jobId()).orElseThrow().inputMimeType()).isEqualTo("video/quicktime");
  }

  @Test
  void aRawUntypedBodyIsProbedToo() throws Exception {
    JobStatus done = processed(upload("did:plc:rawuntyped", "application/octet-stream", clip));
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void anUntypedFileThatIsNotAVideoFailsValidation() throws Exception {
    JobStatus done = processed(upload("did:plc:formnotvideo", "multipart/form-data; boundary=" + BOUNDARY,
        form("file", "upload.bin", "application/octet-stream", "just some text, no video".getBytes(StandardCharsets.UTF_8))));
    assertThat(done.state()).isEqualTo(JobState.FAILED);
    assertThat(done.error()).isEqualTo("invalid_video");
  }

  @Test
  void aFormOverTheSizeLimitIsCutOffAndLeavesNothing() throws Exception {
    byte[] big = new byte[(int) MAX_UPLOAD + 10];
    HttpResponse<String> response =
        upload("did:plc:formtoobig", "multipart/form-data; boundary=" + BOUNDARY, form("file", "big.mp4", "video/mp4", big));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(LexJson.read(response.body(), JsonNode.class).path("error").asText()).isEqualTo("PayloadTooLarge");
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/uploads"))).isEmpty();
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/.staging"))).isEmpty();
  }

  @Test
  void aFormWithoutAFilePartOrBoundaryIsInvalidRequest() throws Exception {
    HttpResponse<String> noFile =
        upload("did:plc:formnofile", "multipart/form-data; boundary=" + BOUNDARY, form("video", "x.mp4", "video/mp4", clip));
    assertThat(noFile.statusCode()).isEqualTo(400);
    assertThat(LexJson.read(noFile.body(), JsonNode.class).path("message").asText()).contains("no part named \"file\"");
    HttpResponse<String> noBoundary = upload("did:plc:formnofile", "multipart/form-data", form("file", "x.mp4", "video/mp4", clip));
    assertThat(noBoundary.statusCode()).isEqualTo(400);
    HttpResponse<String> truncated = upload("did:plc:formnofile", "multipart/form-data; boundary=" + BOUNDARY,
        java.util.Arrays.copyOf(form("file", "x.mp4", "video/mp4", clip), 5000));
    assertThat(truncated.statusCode()).isEqualTo(400);
    assertThat(server.services.jobs().usage("did:plc:formnofile", java.time.Instant.EPOCH).videos()).isZero();
  }
}
