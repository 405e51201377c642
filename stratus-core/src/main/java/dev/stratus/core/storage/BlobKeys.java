package dev.stratus.core.storage;

/**
 * The one place blob keys are spelled. Uploads live under {@code uploads/{jobId}} until their job
 * ends; the parts of a multipart upload under {@code parts/{uploadId}/} until it ends; encoded
 * media under {@code media/{did}/{cid}/…}, the path playback serves. Callers validate
 * the DID, job id and CID before they build a key.
 */
public final class BlobKeys {
  private BlobKeys() {}

  public static String upload(String jobId) {
    return "uploads/" + jobId;
  }

  /** Every part of one multipart upload lives under this folder. */
  public static String partsFolder(String uploadId) {
    return "parts/" + uploadId;
  }

  /** One stored copy of a part; {@code nonce} keeps copies sent at once from sharing a key. */
  public static String part(String uploadId, int number, String nonce) {
    return partsFolder(uploadId) + "/" + number + "." + nonce;
  }

  /** Every video of one account lives under this folder. */
  public static String accountMedia(String did) {
    return "media/" + did;
  }

  public static String mediaFolder(String did, String cid) {
    return accountMedia(did) + "/" + cid;
  }

  public static String media(String did, String cid, String relativePath) {
    return mediaFolder(did, cid) + "/" + relativePath;
  }
}
