package dev.stratus.lexicon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hand-written status answer is, byte for byte, what Jackson writes for the same value. */
@Timeout(10)
class JobStatusJsonTest {
  private static final String CID = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";

  private static String jackson(JobStatus status) throws Exception {
    return new String(LexJson.mapper().writeValueAsBytes(new JobStatus.Output(status)), StandardCharsets.UTF_8);
  }

  private static String handWritten(JobStatus status) {
    return new String(JobStatusJson.output(new JobStatus.Output(status)), StandardCharsets.UTF_8);
  }

  @Test
  void everyShapeOfStatusIsWrittenAsJacksonWritesIt() throws Exception {
    List<JobStatus> statuses = List.of(
        new JobStatus("j", "did:plc:abc", JobState.CREATED, null, null, null, null, null),
        new JobStatus("j", "did:plc:abc", JobState.ENCODING, 0, null, null, null, "Encoding"),
        new JobStatus("j", "did:plc:abc", JobState.COMPLETED, 100, BlobRef.of(CID, "video/mp4", 0), null, null, null),
        new JobStatus("j", "did:plc:abc", JobState.COMPLETED, 100, BlobRef.of(CID, "video/mp4", Long.MAX_VALUE), null,
            null, "done"),
        new JobStatus("j", "did:plc:abc", JobState.FAILED, 40, BlobRef.of(CID, "video/mp4", 11), "video_too_long",
            FailureCode.VALIDATION_FAILURE, "Video is too long"),
        new JobStatus("j", "did:web:example.com", JobState.of("JOB_STATE_NEWER"), 7, null, "some_error",
            FailureCode.of("a_newer_code"), null));
    for (JobStatus status : statuses) {
      assertThat(handWritten(status)).as(status.toString()).isEqualTo(jackson(status));
    }
  }

  @Test
  void everyCharacterIsEscapedAsJacksonEscapesIt() throws Exception {
    StringBuilder everyAscii = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      everyAscii.append(c);
    }
    List<String> messages = List.of(
        everyAscii.toString(),
        "é ü ß — 動画 \u00a0\u2028\u2029\ufeff\uffff",
        "an emoji 🎬 and a flag 🇫🇷",
        "lone surrogates: \ud83c then \udfac",
        "");
    for (String message : messages) {
      JobStatus status = new JobStatus("j", "did:plc:abc", JobState.FAILED, null, null, message,
          FailureCode.GENERIC_FAILURE, message);
      assertThat(handWritten(status)).as(message).isEqualTo(jackson(status));
      assertThat(LexJson.read(handWritten(status), JobStatus.Output.class).jobStatus().error())
          .as("read back").isEqualTo(message);
    }
  }

  @Test
  void theAnswerIsWhatLexJsonWritesForIt() {
    JobStatus status = new JobStatus("j", "did:plc:abc", JobState.COMPLETED, 100, BlobRef.of(CID, "video/mp4", 5),
        null, null, null);
    assertThat(LexJson.bytes(new JobStatus.Output(status))).isEqualTo(JobStatusJson.output(new JobStatus.Output(status)));
    assertThat(LexJson.read(new String(LexJson.bytes(new JobStatus.Output(status)), StandardCharsets.UTF_8),
        JobStatus.Output.class).jobStatus()).isEqualTo(status);
  }
}
