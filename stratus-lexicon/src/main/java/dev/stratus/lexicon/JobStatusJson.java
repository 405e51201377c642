package dev.stratus.lexicon;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@code getJobStatus}'s answer, {@code {"jobStatus": …}}, as UTF-8 JSON without Jackson's
 * bean serialization. Clients poll this answer more than anything else the service says, and
 * reflection over the record's accessors (the blob's too) cost a status read more than the
 * store's lookup did. The bytes are those {@link LexJson} writes for the same value, escapes
 * included; a test holds the two to that.
 */
final class JobStatusJson {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private JobStatusJson() {}

  static byte[] output(JobStatus.Output answer) {
    JobStatus status = answer.jobStatus();
    StringBuilder json = new StringBuilder(320).append("{\"jobStatus\":{\"jobId\":");
    string(json, status.jobId());
    string(json.append(",\"did\":"), status.did());
    string(json.append(",\"state\":"), status.state().value());
    if (status.progress() != null) {
      json.append(",\"progress\":").append(status.progress().intValue());
    }
    BlobRef blob = status.blob();
    if (blob != null) {
      string(json.append(",\"blob\":{\"$type\":\"blob\",\"ref\":{\"$link\":"), blob.cid());
      string(json.append("},\"mimeType\":"), blob.mimeType());
      json.append(",\"size\":").append(blob.size()).append('}');
    }
    optional(json, ",\"error\":", status.error());
    optional(json, ",\"failureCode\":", status.failureCode() == null ? null : status.failureCode().value());
    optional(json, ",\"message\":", status.message());
    // Every character past ASCII is escaped or a plain BMP one, so this encoding is exact.
    return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void optional(StringBuilder json, String name, @Nullable String value) {
    if (value != null) {
      string(json.append(name), value);
    }
  }

  /**
   * A JSON string escaped as Jackson's UTF-8 writer does: quote and backslash, control characters
   * (the five with short forms by them), and every UTF-16 surrogate as {@code \\uXXXX}, so that a
   * lone surrogate in a message still makes valid JSON. The runs between escapes are copied whole.
   */
  private static void string(StringBuilder json, String value) {
    json.append('"');
    int run = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
        json.append(value, run, i);
        escape(json, c);
        run = i + 1;
      }
    }
    json.append(value, run, value.length()).append('"');
  }

  private static void escape(StringBuilder json, char c) {
    switch (c) {
      case '"' -> json.append("\\\"");
      case '\\' -> json.append("\\\\");
      case '\b' -> json.append("\\b");
      case '\t' -> json.append("\\t");
      case '\n' -> json.append("\\n");
      case '\f' -> json.append("\\f");
      case '\r' -> json.append("\\r");
      default -> json.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
          .append(HEX[c & 0xF]);
    }
  }
}
