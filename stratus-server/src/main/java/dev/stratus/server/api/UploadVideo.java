package dev.stratus.server.api;

import dev.stratus.atproto.Did;
import dev.stratus.core.job.Job;
import dev.stratus.core.job.UploadPolicy;
import dev.stratus.core.job.UploadRejected;
import dev.stratus.core.job.Uploads;
import dev.stratus.lexicon.JobState;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.Nsid;
import dev.stratus.lexicon.UploadVideoOutput;
import dev.stratus.server.xrpc.Caller;
import dev.stratus.server.xrpc.XrpcException;
import dev.stratus.server.xrpc.XrpcInput;
import dev.stratus.server.xrpc.XrpcRoutes;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST app.bsky.video.uploadVideo?did=…&name=…} ({@code did} optional: the token's issuer):
 * the body is the video, streamed to storage.
 * Answers with the job status flat (what the Bluesky app parses) and again under
 * {@code jobStatus} (what lexicon-generated SDKs parse).
 */
public final class UploadVideo extends UploadMethod {
  static final String ALREADY_EXISTS = "already_exists";
  static final String ALREADY_PROCESSED = "Video already processed";

  private final Uploads uploads;
  private final UploadBodies bodies;
  private final TokenLifetime tokenLifetime;

  public UploadVideo(
      Uploads uploads, UploadBodies bodies, AuthPolicies policies, Clock clock, Duration minTokenLifetime) {
    super(Nsid.UPLOAD_VIDEO, HandlerType.POST, policies);
    this.uploads = uploads;
    this.bodies = bodies;
    this.tokenLifetime = new TokenLifetime(clock, minTokenLifetime);
  }

  @Override
  XrpcException refusal(UploadRejected e) {
    return UploadErrors.singleRequest(e);
  }

  @Override
  @Nullable Object serve(Context ctx, Caller uploader) throws Exception {
    // The lexicon has no did parameter; the Bluesky app sends one, lexicon-generated SDKs do not.
    // Absent, the uploader is the token's issuer.
    String did = XrpcInput.query(ctx, "did");
    if (did == null || did.isBlank()) {
      did = uploader.did();
    }
    if (!Did.isValid(did)) {
      throw XrpcException.invalidRequest("did is not a valid DID: " + did);
    }
    if (!did.equals(uploader.did())) {
      throw new XrpcException(401, "BadJwtIss", "token iss " + uploader.did() + " does not match did " + did);
    }
    tokenLifetime.requireDeliverable(uploader);
    String uploaderDid = did;
    Uploads.Accepted accepted = bodies.read(ctx, did, body -> {
      if (FormFile.isForm(ctx.contentType())) {
        // A form's size is not the file's: the body is cut off at the limit as it streams.
        FormFile.Part file = FormFile.open(ctx.contentType(), body.open());
        return uploads.accept(uploaderDid, typeOf(file), -1, file::body, uploader.handoff());
      }
      String mimeType = mimeTypeOf(ctx.contentType());
      long declaredLength = ctx.req().getContentLengthLong();
      return uploads.accept(uploaderDid, mimeType, declaredLength, body, uploader.handoff());
    });
    Job job = accepted.job();
    if (accepted.duplicate() && job.state().equals(JobState.COMPLETED)) {
      // What video.bsky.app answers: 409 and a flat status naming the earlier job, whose full
      // status (with its blob) getJobStatus returns.
      XrpcRoutes.writeJson(ctx, 409, new JobStatus(job.id(), job.did(), JobState.COMPLETED, null, null,
          ALREADY_EXISTS, null, ALREADY_PROCESSED));
      return null;
    }
    // A new job, or the same bytes still being processed: one encode serves both uploads.
    return new UploadVideoOutput(job.toStatus());
  }

  /**
   * A form part's video type: its own {@code Content-Type} when that names a video, else its file
   * name's extension, else unknown, and the probe decides (kbsky sends {@code upload.bin} as
   * {@code application/octet-stream}).
   */
  private static String typeOf(FormFile.Part file) {
    String declared = file.contentType() == null ? null : bare(file.contentType());
    if (declared != null && UploadPolicy.ACCEPTED_MIME_TYPES.contains(declared)) {
      return declared;
    }
    String byName = FormFile.typeOfName(file.filename());
    if (byName != null) {
      return byName;
    }
    return declared == null ? UploadPolicy.UNKNOWN_TYPE : declared;
  }

  private static String mimeTypeOf(@Nullable String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw XrpcException.invalidRequest("missing Content-Type; send the video's MIME type, e.g. video/mp4");
    }
    return bare(contentType);
  }

  private static String bare(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }
}
