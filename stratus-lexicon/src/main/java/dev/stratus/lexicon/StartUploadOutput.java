package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Output of {@code app.bsky.video.startUpload}: the upload's id and the server's part plan. The
 * client sends parts 1..{@code partCount} of {@code partSizeBytes} each (the last one the rest)
 * before {@code expiresAt}, an RFC 3339 datetime.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"jobId", "partSizeBytes", "partCount", "expiresAt"})
public record StartUploadOutput(String jobId, long partSizeBytes, int partCount, String expiresAt) {}
