package dev.stratus.server.api;

import dev.stratus.core.job.UploadRejected;
import dev.stratus.server.xrpc.XrpcException;

/**
 * The HTTP status and XRPC error name of each refusal, in each API's words: {@code uploadVideo}
 * keeps the names it has always answered with, the multipart methods use their lexicons' names.
 * The message is always the core's, so the words the Bluesky app matches stay exact.
 */
final class UploadErrors {
  private UploadErrors() {}

  static XrpcException singleRequest(UploadRejected e) {
    return switch (e.reason()) {
      case FORBIDDEN -> error(403, "UploadForbidden", e);
      case DISABLED -> error(503, "UploadsDisabled", e);
      case UNSUPPORTED_TYPE -> error(400, "InvalidMimeType", e);
      case TOO_LARGE -> error(413, "PayloadTooLarge", e);
      case OVER_QUOTA -> error(429, "DailyLimitExceeded", e);
      case OVERLOADED -> error(503, "ServiceOverloaded", e);
      default -> error(400, "InvalidRequest", e);
    };
  }

  static XrpcException multipart(UploadRejected e) {
    return switch (e.reason()) {
      // The multipart lexicons have one name for every account-level refusal.
      case FORBIDDEN, DISABLED -> error(403, "UploadForbidden", e);
      case UNSUPPORTED_TYPE -> error(400, "UnsupportedContentType", e);
      case TOO_LARGE -> error(413, "VideoTooLarge", e);
      case EMPTY -> error(400, "InvalidRequest", e);
      case OVER_QUOTA -> error(429, "DailyLimitExceeded", e);
      case TOO_LONG -> error(400, "VideoTooLong", e);
      case BAD_ASPECT_RATIO -> error(400, "BadAspectRatio", e);
      case TOO_MANY_OPEN -> error(429, "TooManyOpenUploads", e);
      case OVERLOADED -> error(503, "ServiceOverloaded", e);
      case NOT_FOUND -> error(404, "UploadNotFound", e);
      case EXPIRED -> error(410, "UploadExpired", e);
      case ABORTED -> error(409, "UploadAborted", e);
      case ALREADY_COMPLETED -> error(409, "UploadAlreadyCompleted", e);
      case FAILED -> error(409, "UploadFailed", e);
      case NOT_READY -> error(409, "UploadNotReady", e);
      case INVALID_PART_NUMBER -> error(400, "InvalidPartNumber", e);
      case PART_SIZE_MISMATCH -> error(400, "PartSizeMismatch", e);
      case MISSING_PARTS -> error(400, "MissingParts", e);
    };
  }

  private static XrpcException error(int status, String name, UploadRejected e) {
    return new XrpcException(status, name, e.getMessage());
  }
}
