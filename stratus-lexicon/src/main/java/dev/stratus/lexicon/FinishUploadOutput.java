package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Output of {@code app.bsky.video.finishUpload}. {@code completedJobId} is the processing job to
 * poll; when the account had already sent the same video it is that earlier job, and so is
 * {@code jobStatus.jobId} (the Bluesky app polls the latter).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"completedJobId", "jobStatus"})
public record FinishUploadOutput(String completedJobId, JobStatus jobStatus) {}
