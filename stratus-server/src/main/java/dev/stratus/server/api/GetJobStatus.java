package dev.stratus.server.api;

import dev.stratus.core.job.JobId;
import dev.stratus.core.job.JobStore;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.atproto.ServiceAuthPolicy;
import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcException;
import dev.stratus.server.xrpc.XrpcInput;
import dev.stratus.server.xrpc.XrpcMethod;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.jspecify.annotations.Nullable;

/** {@code GET app.bsky.video.getJobStatus?jobId=…}: no auth, as the Bluesky app polls it. */
public final class GetJobStatus implements XrpcMethod {
  private final JobStore jobs;

  public GetJobStatus(JobStore jobs) {
    this.jobs = jobs;
  }

  @Override
  public String nsid() {
    return Nsid.GET_JOB_STATUS;
  }

  @Override
  public HandlerType httpMethod() {
    return HandlerType.GET;
  }

  @Override
  public @Nullable ServiceAuthPolicy authPolicy() {
    return null;
  }

  @Override
  public Object handle(Context ctx, @Nullable Caller caller) {
    String jobId = XrpcInput.param(ctx, "jobId");
    if (!JobId.isValid(jobId)) {
      throw XrpcException.invalidRequest("jobId is not a valid job id");
    }
    return jobs.status(jobId)
        .map(JobStatus.Output::new)
        .orElseThrow(() -> notFound(jobId));
  }

  private static XrpcException notFound(String jobId) {
    return new XrpcException(404, "NotFound", "no job with id " + jobId);
  }
}
