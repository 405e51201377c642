package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Input of {@code app.bsky.video.finishUpload} and {@code app.bsky.video.abortUpload}: the upload's
 * {@code jobId}, as {@code startUpload} returned it. Required; checked by the receiver.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UploadJobInput(@Nullable String jobId) {}
