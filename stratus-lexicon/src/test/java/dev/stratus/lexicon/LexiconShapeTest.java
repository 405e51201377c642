package dev.stratus.lexicon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records serialize exactly as the lexicon files (copied from shared/lexicons) describe. */
class LexiconShapeTest {
  private static final String CID = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";

  private static JsonNode lexicon(String path) throws IOException {
    try (InputStream in = LexiconShapeTest.class.getResourceAsStream("/lexicons/" + path)) {
      assertThat(in).as(path).isNotNull();
      return LexJson.mapper().readTree(in);
    }
  }

  private static JsonNode json(Object value) throws IOException {
    return LexJson.mapper().readTree(LexJson.write(value));
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void fullJobStatusUsesExactlyTheLexiconsFields() throws IOException {
    JsonNode def = lexicon("app/bsky/video/defs.json").at("/defs/jobStatus");
    JobStatus status =
        new JobStatus("d004n3qbh3us72spkh2g", "did:plc:abc", JobState.FAILED, 40,
            BlobRef.of(CID, "video/mp4", 11), "video_too_long", FailureCode.VALIDATION_FAILURE, "too long");
    JsonNode written = json(status);
    assertThat(names(written)).containsExactlyInAnyOrderElementsOf(names(def.get("properties")));
    assertThat(written.get("state").asText()).isEqualTo("JOB_STATE_FAILED");
    assertThat(written.get("failureCode").asText()).isEqualTo("validation_failure");
  }

  @Test
  void absentOptionalFieldsAreOmitted() throws IOException {
    JsonNode def = lexicon("app/bsky/video/defs.json").at("/defs/jobStatus");
    JsonNode written = json(new JobStatus("j", "did:plc:abc", JobState.CREATED, null, null, null, null, null));
    List<String> required = new ArrayList<>();
    def.get("required").forEach(n -> required.add(n.asText()));
    assertThat(names(written)).containsExactlyInAnyOrderElementsOf(required);
  }

  @Test
  void everyLexiconStateAndFailureCodeIsKnown() throws IOException {
    JsonNode props = lexicon("app/bsky/video/defs.json").at("/defs/jobStatus/properties");
    List<String> states = new ArrayList<>();
    props.at("/state/knownValues").forEach(n -> states.add(n.asText()));
    assertThat(JobState.KNOWN).extracting(JobState::value).containsExactlyInAnyOrderElementsOf(states);
    assertThat(states).hasSize(9);
    List<String> codes = new ArrayList<>();
    props.at("/failureCode/knownValues").forEach(n -> codes.add(n.asText()));
    assertThat(FailureCode.KNOWN).extracting(FailureCode::value).containsExactlyInAnyOrderElementsOf(codes);
  }

  @Test
  void unknownStatesAndCodesSurviveARoundTrip() {
    String wire =
        "{\"jobId\":\"j\",\"did\":\"did:plc:abc\",\"state\":\"JOB_STATE_IN_PROGRESS\","
            + "\"failureCode\":\"quota_failure\",\"extra\":1}";
    JobStatus read = LexJson.read(wire, JobStatus.class);
    assertThat(read.state().isKnown()).isFalse();
    assertThat(read.state().isTerminal()).isFalse();
    assertThat(LexJson.write(read))
        .isEqualTo(
            "{\"jobId\":\"j\",\"did\":\"did:plc:abc\",\"state\":\"JOB_STATE_IN_PROGRESS\","
                + "\"failureCode\":\"quota_failure\"}");
    assertThat(JobState.of("JOB_STATE_COMPLETED")).isSameAs(JobState.COMPLETED);
  }

  @Test
  void blobRefIsTheAtprotoBlobShape() {
    assertThat(LexJson.write(BlobRef.of(CID, "video/mp4", 4457717)))
        .isEqualTo("{\"$type\":\"blob\",\"ref\":{\"$link\":\"" + CID + "\"},\"mimeType\":\"video/mp4\",\"size\":4457717}");
    BlobRef legacy = LexJson.read("{\"cid\":\"" + CID + "\",\"mimeType\":\"video/mp4\"}", BlobRef.class);
    assertThat(legacy.cid()).isEqualTo(CID);
    assertThat(LexJson.write(legacy)).contains("\"$link\"").doesNotContain("\"cid\"");
  }

  @Test
  void uploadVideoOutputIsFlatAndWrapped() throws IOException {
    JobStatus status = new JobStatus("j", "did:plc:abc", JobState.CREATED, 0, null, null, null, null);
    JsonNode written = json(new UploadVideoOutput(status));
    assertThat(written.get("jobId").asText()).isEqualTo("j");
    assertThat(written.get("state").asText()).isEqualTo("JOB_STATE_CREATED");
    assertThat(written.get("jobStatus")).isEqualTo(json(status));
    JsonNode output = lexicon("app/bsky/video/uploadVideo.json").at("/defs/main/output/schema");
    assertThat(output.get("required").get(0).asText()).isEqualTo("jobStatus");
  }

  @Test
  void uploadLimitsMatchTheLexiconOutput() throws IOException {
    JsonNode output = lexicon("app/bsky/video/getUploadLimits.json").at("/defs/main/output/schema");
    JsonNode all = json(new UploadLimits(false, 0L, 5L, "User has exceeded daily upload videos limit", "x"));
    assertThat(names(all)).containsExactlyInAnyOrderElementsOf(names(output.get("properties")));
    assertThat(names(json(UploadLimits.allowed(25, 10)))).containsExactly("canUpload", "remainingDailyVideos", "remainingDailyBytes");
  }

  @Test
  void xrpcErrorHasErrorAndMessage() {
    assertThat(LexJson.write(new XrpcError("AuthMissing", "Authentication Required")))
        .isEqualTo("{\"error\":\"AuthMissing\",\"message\":\"Authentication Required\"}");
  }
}
