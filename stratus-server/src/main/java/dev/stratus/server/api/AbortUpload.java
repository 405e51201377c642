package dev.stratus.server.api;

import dev.stratus.core.upload.MultipartUploads;
import dev.stratus.lexicon.Nsid;
import dev.stratus.lexicon.UploadJobInput;
import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcInput;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** {@code POST app.bsky.video.abortUpload}: ends an open upload and releases its reservation. */
public final class AbortUpload extends UploadMethod {
  private final MultipartUploads uploads;

  public AbortUpload(MultipartUploads uploads, AuthPolicies policies) {
    super(Nsid.ABORT_UPLOAD, HandlerType.POST, policies);
    this.uploads = uploads;
  }

  @Override
  Object serve(Context ctx, Caller uploader) throws Exception {
    String id = uploadId(XrpcInput.json(ctx, UploadJobInput.class).jobId());
    return uploads.abort(uploader.did(), id);
  }
}
