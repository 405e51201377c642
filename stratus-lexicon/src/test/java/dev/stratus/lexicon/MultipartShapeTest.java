package dev.stratus.lexicon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The multipart records carry exactly the fields their lexicons (copied from shared/lexicons) name. */
class MultipartShapeTest {
  private static final JobStatus STATUS = new JobStatus("j", "did:plc:abc", JobState.CREATED, 0, null, null, null, null);

  private static JsonNode lexicon(String method) throws IOException {
    try (InputStream in = MultipartShapeTest.class.getResourceAsStream("/lexicons/app/bsky/video/" + method + ".json")) {
      assertThat(in).as(method).isNotNull();
      return LexJson.mapper().readTree(in).at("/defs/main");
    }
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> written(Object value) throws IOException {
    return names(LexJson.mapper().readTree(LexJson.write(value)));
  }

  private static List<String> outputProperties(String method) throws IOException {
    return names(lexicon(method).at("/output/schema/properties"));
  }

  @Test
  void startUploadInputAndOutput() throws IOException {
    assertThat(written(new StartUploadInput(10L, "video/mp4", "a.mp4", 1000L, 1920L, 1080L)))
        .containsExactlyInAnyOrderElementsOf(names(lexicon("startUpload").at("/input/schema/properties")));
    assertThat(written(new StartUploadOutput("j", 8388608, 3, "2026-12-02T17:00:00.000Z")))
        .containsExactlyInAnyOrderElementsOf(outputProperties("startUpload"));
  }

  @Test
  void uploadPartOutput() throws IOException {
    assertThat(written(new UploadPartOutput(1, 10))).containsExactlyInAnyOrderElementsOf(outputProperties("uploadPart"));
  }

  @Test
  void finishUploadOutputAndTheJobIdInputs() throws IOException {
    assertThat(written(new FinishUploadOutput("j", STATUS))).containsExactlyInAnyOrderElementsOf(outputProperties("finishUpload"));
    assertThat(written(new UploadJobInput("j")))
        .containsExactlyInAnyOrderElementsOf(names(lexicon("finishUpload").at("/input/schema/properties")))
        .containsExactlyInAnyOrderElementsOf(names(lexicon("abortUpload").at("/input/schema/properties")));
  }

  @Test
  void abortUploadOutputOmitsWhatIsAbsent() throws IOException {
    assertThat(written(new AbortUploadOutput(UploadState.FAILED, "j", "why")))
        .containsExactlyInAnyOrderElementsOf(outputProperties("abortUpload"));
    assertThat(LexJson.write(new AbortUploadOutput(UploadState.ABORTED, null, null))).isEqualTo("{\"state\":\"aborted\"}");
  }

  @Test
  void uploadStatusAndItsStates() throws IOException {
    UploadStatus all = new UploadStatus("j", 8, 2, List.of(1, 2), "2026-12-02T17:00:00.000Z", UploadState.COMPLETED, "k", STATUS, "x");
    assertThat(written(all)).containsExactlyInAnyOrderElementsOf(outputProperties("getUploadStatus"));
    List<String> states = new ArrayList<>();
    lexicon("getUploadStatus").at("/output/schema/properties/state/knownValues").forEach(n -> states.add(n.asText()));
    assertThat(UploadState.KNOWN).extracting(UploadState::value).containsExactlyElementsOf(states);
    assertThat(UploadState.CREATED.isTerminal()).isFalse();
    assertThat(UploadState.FINISHING.isTerminal()).isFalse();
  }
}
