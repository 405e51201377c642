package dev.stratus.server.api;

import dev.stratus.core.job.UploadAllowance;
import dev.stratus.lexicon.Nsid;
import dev.stratus.atproto.ServiceAuthPolicy;
import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcMethod;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET app.bsky.video.getUploadLimits}: whether the caller may upload, and what is left of
 * their daily allowance, with the messages the Bluesky app shows when they may not.
 */
public final class GetUploadLimits implements XrpcMethod {
  private final UploadAllowance allowance;
  private final ServiceAuthPolicy auth;

  public GetUploadLimits(UploadAllowance allowance, AuthPolicies policies) {
    this.allowance = allowance;
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
    return allowance.limitsFor(Objects.requireNonNull(caller, "getUploadLimits requires auth").did());
  }
}
