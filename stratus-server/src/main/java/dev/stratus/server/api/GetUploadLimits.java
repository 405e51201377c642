package dev.stratus.server.api;

import dev.stratus.core.job.UploadPolicy;
import dev.stratus.lexicon.Nsid;
import dev.stratus.lexicon.UploadLimits;
import dev.stratus.atproto.ServiceAuthPolicy;
import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcMethod;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET app.bsky.video.getUploadLimits}: the configured daily limits. Per-account usage is
 * not counted yet, so the full allowance is reported.
 */
public final class GetUploadLimits implements XrpcMethod {
  private final UploadPolicy policy;
  private final ServiceAuthPolicy auth;

  public GetUploadLimits(UploadPolicy policy, AuthPolicies policies) {
    this.policy = policy;
    this.auth = policies.getUploadLimits();
  }

  @Override
  public String nsid() {
    return Nsid.GET_UPLOAD_LIMITS;
  }

  @Override
  public HandlerType httpMethod() {
    return HandlerType.GET;
  }

  @Override
  public ServiceAuthPolicy authPolicy() {
    return auth;
  }

  @Override
  public Object handle(Context ctx, @Nullable Caller caller) {
    return UploadLimits.allowed(policy.dailyVideos(), policy.dailyBytes());
  }
}
