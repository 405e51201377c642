package dev.stratus.lexicon;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@code getJobStatus}'s answer, {@code {"jobStatus": …}}, field by field. Clients poll it
 * more than anything else the service answers, and Jackson's bean serialization reached each of
 * the records' accessors (and the blob's) through reflection, with an access check per call:
 * under load that cost a status read about what reading its query string did. The output is what the bean
 * serialization writes from the records' annotations; a test holds the two to the same bytes.
 */
final class JobStatusJson extends StdSerializer<JobStatus.Output> {
  private static final long serialVersionUID = 1L;

  JobStatusJson() {
    super(JobStatus.Output.class);
  }

  @Override
  public void serialize(JobStatus.Output answer, JsonGenerator json, SerializerProvider provider) throws IOException {
    JobStatus status = answer.jobStatus();
    json.writeStartObject();
    json.writeObjectFieldStart("jobStatus");
    json.writeStringField("jobId", status.jobId());
    json.writeStringField("did", status.did());
    json.writeStringField("state", status.state().value());
    if (status.progress() != null) {
      json.writeNumberField("progress", status.progress().intValue());
    }
    BlobRef blob = status.blob();
    if (blob != null) {
      json.writeObjectFieldStart("blob");
      json.writeStringField("$type", "blob");
      json.writeObjectFieldStart("ref");
      json.writeStringField("$link", blob.cid());
      json.writeEndObject();
      json.writeStringField("mimeType", blob.mimeType());
      json.writeNumberField("size", blob.size());
      json.writeEndObject();
    }
    optional(json, "error", status.error());
    optional(json, "failureCode", status.failureCode() == null ? null : status.failureCode().value());
    optional(json, "message", status.message());
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void optional(JsonGenerator json, String name, @Nullable String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }
}
