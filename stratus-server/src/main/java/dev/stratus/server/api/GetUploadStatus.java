package dev.stratus.server.api;

import dev.stratus.core.upload.MultipartUploads;
import dev.stratus.lexicon.Nsid;
import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcInput;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** {@code GET app.bsky.video.getUploadStatus?jobId=…}: the authoritative state of an upload. */
public final class GetUploadStatus extends UploadMethod {
  private final MultipartUploads uploads;

  public GetUploadStatus(MultipartUploads uploads, AuthPolicies policies) {
    super(Nsid.GET_UPLOAD_STATUS, HandlerType.GET, policies);
    this.uploads = uploads;
  }

  @Override
  Object serve(Context ctx, Caller uploader) throws Exception {
    return uploads.status(uploader.did(), uploadId(XrpcInput.query(ctx, "jobId")));
  }
}
