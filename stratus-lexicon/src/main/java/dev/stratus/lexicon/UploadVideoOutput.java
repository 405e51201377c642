package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The body {@code uploadVideo} answers with. Real clients (the Bluesky app) parse the job status
 * <em>flat</em>, while lexicon-generated SDKs parse {@code {"jobStatus": …}}; this shape carries
 * both: the flat fields, and the same object again under {@code jobStatus}.
 */
public record UploadVideoOutput(@JsonUnwrapped JobStatus flat) {
  @JsonProperty("jobStatus")
  public JobStatus jobStatus() {
    return flat;
  }
}
