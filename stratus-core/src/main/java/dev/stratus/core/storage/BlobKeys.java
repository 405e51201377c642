package dev.stratus.core.storage;

/**
 * The one place blob keys are spelled. Uploads live under {@code uploads/{jobId}} until their job
 * ends; encoded media under {@code media/{did}/{cid}/…}, the path playback serves. Callers validate
 * the DID, job id and CID before they build a key.
 */
public final class BlobKeys {
  private BlobKeys() {}

  public static String upload(String jobId) {
    return "uploads/" + jobId;
  }

  public static String mediaFolder(String did, String cid) {
    return "media/" + did + "/" + cid;
  }

  public static String media(String did, String cid, String relativePath) {
    return mediaFolder(did, cid) + "/" + relativePath;
  }
}
