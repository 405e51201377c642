package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal at the HTTP edge is an XRPC error with the right status; nothing leaks. */
class XrpcEdgeIT {
  private static final String DID = "did:plc:edgecases";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(dir.resolve("data"), Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery));
  }

  private static HttpRequest.Builder upload(String query, String token, String contentType, byte[] body) {
    HttpRequest.Builder builder =
        request(Nsid.path(Nsid.UPLOAD_VIDEO) + query).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    return builder;
  }

  private static void assertError(HttpResponse<String> response, int status, String error) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body = LexJson.read(response.body(), JsonNode.class);
    assertThat(body.path("error").asText()).isEqualTo(error);
    assertThat(body.path("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("at dev.");
  }

  private static String token() {
    return TestServer.devToken(DID, Nsid.REPO_UPLOAD_BLOB);
  }

  @Test
  void uploadWithoutATokenIsAuthMissing() throws Exception {
    assertError(send(upload("?did=" + DID, null, "video/mp4", new byte[] {1})), 401, "AuthMissing");
    assertError(send(upload("?did=" + DID, "", "video/mp4", new byte[] {1})), 401, "AuthMissing");
  }

  @Test
  void aTokenThatIsNotAJwtIsBadJwt() throws Exception {
    assertError(send(upload("?did=" + DID, "not-a-jwt", "video/mp4", new byte[] {1})), 401, "BadJwt");
  }

  @Test
  void theDidMustBeTheTokensIssuer() throws Exception {
    assertError(send(upload("?did=did:plc:someoneelse", token(), "video/mp4", new byte[] {1})), 401, "BadJwtIss");
  }

  @Test
  void aTokenSentToGetJobStatusIsIgnored() throws Exception {
    // kbsky sends one, addressed to the video service; whatever it is, the status is public.
    String uploader = "did:plc:statuswithtoken";
    String token = TestServer.devToken(uploader, Nsid.REPO_UPLOAD_BLOB);
    HttpResponse<String> created = send(upload("?did=" + uploader, token, "video/mp4", "status with a token".getBytes()));
    String jobId = LexJson.read(created.body(), JsonNode.class).path("jobId").asText();
    // Let the job end, so no upload is left for the other tests to find.
    server.drain();
    for (String header : new String[] {"Bearer not-a-jwt", "Bearer " + token, "Basic abc"}) {
      HttpResponse<String> response =
          send(request(Nsid.path(Nsid.GET_JOB_STATUS) + "?jobId=" + jobId).header("Authorization", header));
      assertThat(response.statusCode()).as(header).isEqualTo(200);
      assertThat(LexJson.read(response.body(), JsonNode.class).at("/jobStatus/jobId").asText()).isEqualTo(jobId);
    }
  }

  @Test
  void headAnswersWhatGetWouldWithoutABody() throws Exception {
    for (String path : new String[] {
        Nsid.path(Nsid.GET_JOB_STATUS) + "?jobId=aaaaaaaaaaaaaaaaaaaaaaaaaa",
        Nsid.path(Nsid.GET_JOB_STATUS) + "?jobId=..%2F..%2Fetc",
        Nsid.path(Nsid.GET_JOB_STATUS),
        Nsid.path(Nsid.GET_UPLOAD_LIMITS),
        "/xrpc/app.bsky.video.noSuchMethod"}) {
      HttpResponse<String> get = send(request(path));
      HttpResponse<String> head = send(request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode()).isNotEqualTo(200);
      assertThat(head.headers().firstValue("Content-Type")).as(path).isEqualTo(get.headers().firstValue("Content-Type"));
      assertThat(head.body()).as(path).isEmpty();
    }
  }

  @Test
  void anInvalidDidIsInvalidRequest() throws Exception {
    assertError(send(upload("?did=..%2F..%2Fetc", token(), "video/mp4", new byte[] {1})), 400, "InvalidRequest");
  }

  @Test
  void withoutADidTheUploaderIsTheTokensIssuer() throws Exception {
    // What lexicon-generated SDKs send: uploadVideo has no did parameter in the lexicon.
    String uploader = "did:plc:lexiconsdk";
    HttpResponse<String> response =
        send(upload("", TestServer.devToken(uploader, Nsid.REPO_UPLOAD_BLOB), "video/mp4", "no did parameter".getBytes()));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = LexJson.read(response.body(), JsonNode.class);
    assertThat(body.path("did").asText()).isEqualTo(uploader);
    assertThat(body.at("/jobStatus/did").asText()).isEqualTo(uploader);
    server.drain();
  }

  @Test
  void unsupportedOrMissingContentTypeIsRefusedAndNothingIsStored() throws Exception {
    assertError(send(upload("?did=" + DID, token(), "text/plain", new byte[] {1})), 400, "InvalidMimeType");
    assertError(send(upload("?did=" + DID, token(), null, new byte[] {1})), 400, "InvalidRequest");
    assertError(send(upload("?did=" + DID, token(), "video/mp4", new byte[0])), 400, "InvalidRequest");
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/uploads"))).isEmpty();
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/.staging"))).isEmpty();
  }

  @Test
  void uploadAnswersFlatAndWrapped() throws Exception {
    HttpResponse<String> response =
        send(upload("?did=" + DID + "&name=x.mp4", token(), "video/mp4; codecs=avc1", "not really a video".getBytes()));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = LexJson.read(response.body(), JsonNode.class);
    assertThat(body.path("jobId").asText()).matches("[0-9a-v]{26}");
    assertThat(body.path("did").asText()).isEqualTo(DID);
    assertThat(body.path("state").asText()).isEqualTo("JOB_STATE_CREATED");
    assertThat(body.path("jobStatus")).isEqualTo(((com.fasterxml.jackson.databind.node.ObjectNode) body.deepCopy()).without("jobStatus"));

    server.drain();
    JsonNode status = LexJson.read(
        send(request(Nsid.path(Nsid.GET_JOB_STATUS) + "?jobId=" + body.path("jobId").asText())).body(), JsonNode.class);
    JsonNode job = status.path("jobStatus");
    assertThat(job.path("state").asText()).isEqualTo("JOB_STATE_FAILED");
    assertThat(job.path("failureCode").asText()).isEqualTo("validation_failure");
    assertThat(job.path("message").asText()).isNotBlank();
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("blobs/uploads"))).isEmpty();
    assertThat(UploadAndPlaybackIT.listFiles(server.dataDir.resolve("work"))).isEmpty();
  }

  @Test
  void unknownJobsAreNotFoundAndMalformedIdsAreInvalid() throws Exception {
    assertError(send(request(Nsid.path(Nsid.GET_JOB_STATUS) + "?jobId=aaaaaaaaaaaaaaaaaaaa")), 404, "NotFound");
    assertError(send(request(Nsid.path(Nsid.GET_JOB_STATUS) + "?jobId=aaaaaaaaaaaaaaaaaaaaaaaaaa")), 404, "NotFound");
    assertError(send(request(Nsid.path(Nsid.GET_JOB_STATUS) + "?jobId=..%2F..%2Fetc%2Fpasswd")), 400, "InvalidRequest");
    assertError(send(request(Nsid.path(Nsid.GET_JOB_STATUS) + "?jobId=%00")), 400, "InvalidRequest");
    assertError(send(request(Nsid.path(Nsid.GET_JOB_STATUS) + "?jobId=%7B%22a%22%3A1%7D")), 400, "InvalidRequest");
    assertError(send(request(Nsid.path(Nsid.GET_JOB_STATUS))), 400, "InvalidRequest");
  }

  @Test
  void uploadLimitsNeedAuthAndReportTheConfiguredAllowance() throws Exception {
    assertError(send(request(Nsid.path(Nsid.GET_UPLOAD_LIMITS))), 401, "AuthMissing");
    HttpResponse<String> response =
        send(request(Nsid.path(Nsid.GET_UPLOAD_LIMITS))
            .header("Authorization", "Bearer " + TestServer.devToken(DID, Nsid.GET_UPLOAD_LIMITS)));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(LexJson.read(response.body(), JsonNode.class))
        .isEqualTo(LexJson.read("{\"canUpload\":true,\"remainingDailyVideos\":25,\"remainingDailyBytes\":10000000000}", JsonNode.class));
  }

  @Test
  void unknownMethodsAndPathsAnswerInTheXrpcShape() throws Exception {
    assertError(send(request("/xrpc/app.bsky.video.noSuchMethod")), 501, "MethodNotImplemented");
    assertError(send(request("/no/such/path")), 404, "NotFound");
    assertError(send(request("/watch/did%3Aplc%3Aedgecases/bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e/playlist.m3u8")), 404, "NotFound");
    assertError(send(request("/watch/did%3Aplc%3Aedgecases/..%2F..%2Fstratus.db/playlist.m3u8")), 404, "NotFound");
    assertError(send(request("/watch/did%3Aplc%3Aedgecases/bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e/720p/..%2F..%2Fx.ts")), 404, "NotFound");
  }

  @Test
  void errorsTheContainerRaisesItselfAreXrpcErrorsToo() throws Exception {
    int port = server.services.port();
    Duration wait = Duration.ofSeconds(10);
    String longQuery = "?jobId=" + "a".repeat(20_000);
    String[][] cases = {
        {"400", "InvalidRequest", "POST " + Nsid.path(Nsid.UPLOAD_VIDEO) + " HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"},
        {"400", "InvalidRequest", "GET /_health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"},
        {"400", "InvalidRequest", "GARBAGE\r\n\r\n"},
        {"414", "URITooLong", "GET " + Nsid.path(Nsid.GET_JOB_STATUS) + longQuery + " HTTP/1.1\r\nHost: x\r\n\r\n"},
        {"431", "RequestHeaderFieldsTooLarge", "GET /_health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n"},
    };
    for (String[] c : cases) {
      RawHttp.Answer answer = RawHttp.exchange(port, c[2], wait);
      String what = c[2].substring(0, Math.min(60, c[2].length()));
      assertThat(answer.status()).as(what).isEqualTo(Integer.parseInt(c[0]));
      assertThat(answer.header("Content-Type")).as(what).startsWith("application/json");
      JsonNode body = LexJson.read(answer.body(), JsonNode.class);
      assertThat(body.path("error").asText()).as(what).isEqualTo(c[1]);
      assertThat(body.path("message").asText()).as(what).isNotBlank().doesNotContain("Exception").doesNotContain("<");
    }
  }

  @Test
  void browsersGetCorsPreflightAnswers() throws Exception {
    HttpResponse<String> response =
        send(request(Nsid.path(Nsid.UPLOAD_VIDEO))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", "https://bsky.app")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization,content-type"));
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElse("")).containsIgnoringCase("authorization");
  }
}
