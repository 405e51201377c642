package dev.stratus.server.api;

import dev.stratus.core.upload.UploadFinisher;
import dev.stratus.lexicon.Nsid;
import dev.stratus.lexicon.UploadJobInput;
import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcInput;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code POST app.bsky.video.finishUpload}: joins the parts into a job and answers its status.
 * The token presented here is the one forwarded to the caller's PDS once the video is ready.
 */
public final class FinishUpload extends UploadMethod {
  private final UploadFinisher finisher;
  private final TokenLifetime tokenLifetime;

  public FinishUpload(UploadFinisher finisher, AuthPolicies policies, Clock clock, Duration minTokenLifetime) {
    super(Nsid.FINISH_UPLOAD, HandlerType.POST, policies);
    this.finisher = finisher;
    this.tokenLifetime = new TokenLifetime(clock, minTokenLifetime);
  }

  @Override
  Object serve(Context ctx, Caller uploader) throws Exception {
    String id = uploadId(XrpcInput.json(ctx, UploadJobInput.class).jobId());
    tokenLifetime.requireDeliverable(uploader);
    return finisher.finish(uploader.did(), id, uploader.handoff());
  }
}
