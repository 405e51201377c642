package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * Output of {@code app.bsky.video.abortUpload}: {@code aborted}, or the outcome of a session that
 * had already ended. {@code completedJobId} is present only when completed, {@code failureReason}
 * only when failed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"state", "completedJobId", "failureReason"})
public record AbortUploadOutput(
    UploadState state, @Nullable String completedJobId, @Nullable String failureReason) {}
