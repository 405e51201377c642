package dev.stratus.server.api;

import dev.stratus.core.job.UploadPolicy;
import dev.stratus.lexicon.Nsid;
import dev.stratus.lexicon.UploadLimits;
import dev.stratus.server.xrpc.AuthPolicy;
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

  public GetUploadLimits(UploadPolicy policy) {
    this.policy = policy;
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
  public AuthPolicy authPolicy() {
    return new AuthPolicy(Nsid.GET_UPLOAD_LIMITS);
  }

  @Override
  public Object handle(Context ctx, @Nullable Caller caller) {
    return UploadLimits.allowed(policy.dailyVideos(), policy.dailyBytes());
  }
}
