package dev.stratus.server.api;

import dev.stratus.core.upload.MultipartUploads;
import dev.stratus.lexicon.Nsid;
import dev.stratus.lexicon.StartUploadInput;
import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcException;
import dev.stratus.server.xrpc.XrpcInput;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Locale;

/**
 * {@code POST app.bsky.video.startUpload}: opens a multipart upload for the caller, reserving its
 * quota, and answers the part plan.
 */
public final class StartUpload extends UploadMethod {
  private final MultipartUploads uploads;

  public StartUpload(MultipartUploads uploads, AuthPolicies policies) {
    super(Nsid.START_UPLOAD, HandlerType.POST, policies);
    this.uploads = uploads;
  }

  @Override
  Object serve(Context ctx, Caller uploader) throws Exception {
    StartUploadInput input = XrpcInput.json(ctx, StartUploadInput.class);
    long size = XrpcInput.required(input.sizeBytes(), "sizeBytes");
    String mimeType = XrpcInput.required(input.mimeType(), "mimeType");
    if (size < 1) {
      throw XrpcException.invalidRequest("sizeBytes must be at least 1");
    }
    if (mimeType.length() < 3 || mimeType.length() > 255) {
      throw XrpcException.invalidRequest("mimeType must be 3 to 255 characters");
    }
    if (input.name() != null && input.name().length() > 256) {
      throw XrpcException.invalidRequest("name must be at most 256 characters");
    }
    return uploads.start(
        uploader.did(),
        new MultipartUploads.StartRequest(
            size, mimeType.trim().toLowerCase(Locale.ROOT), input.name(), input.durationMs(), input.width(),
            input.height()));
  }
}
