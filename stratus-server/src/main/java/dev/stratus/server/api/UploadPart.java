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
  private final UploadBodies bodies;

  public UploadPart(PartReceiver parts, UploadBodies bodies, AuthPolicies policies) {
    super(Nsid.UPLOAD_PART, HandlerType.POST, policies);
    this.parts = parts;
    this.bodies = bodies;
  }

  @Override
  Object serve(Context ctx, Caller uploader) throws Exception {
    String id = uploadId(XrpcInput.query(ctx, "jobId"));
    int number = XrpcInput.intParam(ctx, "partNumber", 1);
    long declaredLength = ctx.req().getContentLengthLong();
    return bodies.read(ctx, uploader.did(), body -> parts.receive(uploader.did(), id, number, declaredLength, body));
  }
}
