package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Input of {@code app.bsky.video.startUpload}. {@code sizeBytes} is the exact size of the whole
 * file; {@code durationMs}, {@code width} and {@code height} are advisory, used only to refuse
 * early what the probe would refuse later. Required fields are checked by the receiver.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StartUploadInput(
    @Nullable Long sizeBytes,
    @Nullable String mimeType,
    @Nullable String name,
    @Nullable Long durationMs,
    @Nullable Long width,
    @Nullable Long height) {}
