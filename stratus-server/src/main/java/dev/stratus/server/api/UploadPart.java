package dev.stratus.server.api;

import dev.stratus.core.upload.PartReceiver;
import dev.stratus.lexicon.Nsid;
import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcInput;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * {@code POST app.bsky.video.uploadPart?jobId=…&partNumber=…}: the body is one part's bytes,
 * streamed to storage and never held in memory.
 */
public final class UploadPart extends UploadMethod {
  private final PartReceiver parts;

  public UploadPart(PartReceiver parts, AuthPolicies policies) {
    super(Nsid.UPLOAD_PART, HandlerType.POST, policies);
    this.parts = parts;
  }

  @Override
  Object serve(Context ctx, Caller uploader) throws Exception {
    String id = uploadId(ctx.queryParam("jobId"));
    int number = XrpcInput.intParam(ctx, "partNumber", 1);
    // The container owns the request stream: it is opened only after the checks, never closed here.
    return parts.receive(uploader.did(), id, number, ctx.req().getContentLengthLong(), () -> ctx.req().getInputStream());
  }
}
