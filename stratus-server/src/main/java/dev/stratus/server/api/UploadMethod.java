package dev.stratus.server.api;

import dev.stratus.atproto.ServiceAuthPolicy;
import dev.stratus.core.job.JobId;
import dev.stratus.core.job.UploadRejected;
import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcException;
import dev.stratus.server.xrpc.XrpcMethod;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An upload method: it takes the uploader's {@code com.atproto.repo.uploadBlob} token, and its
 * refusals are named in the multipart lexicons' words unless it says otherwise.
 */
abstract class UploadMethod implements XrpcMethod {
  private final String nsid;
  private final HandlerType httpMethod;
  private final ServiceAuthPolicy policy;

  UploadMethod(String nsid, HandlerType httpMethod, AuthPolicies policies) {
    this.nsid = nsid;
    this.httpMethod = httpMethod;
    this.policy = policies.uploadBlob();
  }

  @Override
  public final String nsid() {
    return nsid;
  }

  @Override
  public final HandlerType httpMethod() {
    return httpMethod;
  }

  @Override
  public final ServiceAuthPolicy authPolicy() {
    return policy;
  }

  @Override
  public final @Nullable Object handle(Context ctx, @Nullable Caller caller) throws Exception {
    Caller uploader = Objects.requireNonNull(caller, nsid + " requires auth");
    try {
      return serve(ctx, uploader);
    } catch (UploadRejected e) {
      throw refusal(e);
    }
  }

  /** Handles a request from an authenticated uploader; as {@link XrpcMethod#handle}. */
  abstract @Nullable Object serve(Context ctx, Caller uploader) throws Exception;

  XrpcException refusal(UploadRejected e) {
    return UploadErrors.multipart(e);
  }

  /** An upload's id, checked before it reaches storage. */
  static String uploadId(@Nullable String jobId) {
    if (jobId == null || jobId.isBlank()) {
      throw XrpcException.invalidRequest("missing jobId");
    }
    if (!JobId.isValid(jobId)) {
      throw XrpcException.invalidRequest("jobId is not a valid job id");
    }
    return jobId;
  }
}
