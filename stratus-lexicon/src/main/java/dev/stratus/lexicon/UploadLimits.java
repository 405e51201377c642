package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/** Output of {@code app.bsky.video.getUploadLimits}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"canUpload", "remainingDailyVideos", "remainingDailyBytes", "message", "error"})
public record UploadLimits(
    boolean canUpload,
    @Nullable Long remainingDailyVideos,
    @Nullable Long remainingDailyBytes,
    @Nullable String message,
    @Nullable String error) {

  public static UploadLimits allowed(long remainingDailyVideos, long remainingDailyBytes) {
    return new UploadLimits(true, remainingDailyVideos, remainingDailyBytes, null, null);
  }
}
