package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Output of {@code app.bsky.video.uploadPart}: the part stored and its size. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"partNumber", "sizeBytes"})
public record UploadPartOutput(int partNumber, long sizeBytes) {}
