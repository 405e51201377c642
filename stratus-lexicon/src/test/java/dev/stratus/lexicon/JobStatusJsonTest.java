package dev.stratus.lexicon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link JobStatusJson} writes, byte for byte, what Jackson's bean serialization writes from
 * the annotations of {@link JobStatus} and its {@link JobStatus.Output} alone.
 */
@Timeout(10)
class JobStatusJsonTest {
  private static final String CID = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
  /** The service's mapper, but blind to {@code @JsonSerialize} on the answer: the reflective reference. */
  private static final ObjectMapper BEAN_SERIALIZATION = LexJson.mapper().copy()
      .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
        private static final long serialVersionUID = 1L;

        @Override
        public Object findSerializer(Annotated annotated) {
          return annotated.getRawType() == JobStatus.Output.class ? null : super.findSerializer(annotated);
        }
      });

  private static String beanSerialized(JobStatus status) throws Exception {
    return new String(BEAN_SERIALIZATION.writeValueAsBytes(new JobStatus.Output(status)), StandardCharsets.UTF_8);
  }

  private static String written(JobStatus status) {
    return new String(LexJson.bytes(new JobStatus.Output(status)), StandardCharsets.UTF_8);
  }

  @Test
  void everyShapeOfStatusIsWrittenAsTheBeanSerializationWritesIt() throws Exception {
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
      assertThat(written(status)).as(status.toString()).isEqualTo(beanSerialized(status));
    }
  }

  @Test
  void everyCharacterIsEscapedAsTheBeanSerializationEscapesIt() throws Exception {
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
      assertThat(written(status)).as(message).isEqualTo(beanSerialized(status));
      assertThat(LexJson.read(written(status), JobStatus.Output.class).jobStatus().error())
          .as("read back").isEqualTo(message);
    }
  }

  @Test
  void theServicesMapperWritesStatusesWithIt() throws Exception {
    assertThat(LexJson.mapper().getSerializerProviderInstance().findValueSerializer(JobStatus.Output.class))
        .isInstanceOf(JobStatusJson.class);
    JobStatus status = new JobStatus("j", "did:plc:abc", JobState.COMPLETED, 100, BlobRef.of(CID, "video/mp4", 5),
        null, null, null);
    assertThat(LexJson.read(written(status), JobStatus.Output.class).jobStatus()).isEqualTo(status);
    assertThat(LexJson.write(new JobStatus.Output(status))).isEqualTo(written(status));
  }
}
