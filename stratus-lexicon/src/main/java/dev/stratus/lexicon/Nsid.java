package dev.stratus.lexicon;

/** The lexicon method identifiers Stratus speaks; the only place these strings are written. */
public final class Nsid {
  public static final String UPLOAD_VIDEO = "app.bsky.video.uploadVideo";
  public static final String GET_JOB_STATUS = "app.bsky.video.getJobStatus";
  public static final String GET_UPLOAD_LIMITS = "app.bsky.video.getUploadLimits";
  public static final String START_UPLOAD = "app.bsky.video.startUpload";
  public static final String UPLOAD_PART = "app.bsky.video.uploadPart";
  public static final String FINISH_UPLOAD = "app.bsky.video.finishUpload";
  public static final String ABORT_UPLOAD = "app.bsky.video.abortUpload";
  public static final String GET_UPLOAD_STATUS = "app.bsky.video.getUploadStatus";
  public static final String REPO_UPLOAD_BLOB = "com.atproto.repo.uploadBlob";

  private Nsid() {}

  /** The XRPC path of a method, e.g. {@code /xrpc/app.bsky.video.getJobStatus}. */
  public static String path(String nsid) {
    return "/xrpc/" + nsid;
  }
}
