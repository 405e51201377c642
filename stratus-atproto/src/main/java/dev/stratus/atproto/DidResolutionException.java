package dev.stratus.atproto;

/** A DID document could not be had; the message names the DID and what went wrong. */
public final class DidResolutionException extends Exception {
  /** Why resolution failed, for callers that react differently (a cache drops NOT_FOUND DIDs). */
  public enum Reason {
    /** The text is not DID syntax. */
    INVALID_DID,
    /** A DID method, or a form of one (path-based did:web), that is not supported. */
    UNSUPPORTED,
    /** The directory or host answered that there is no such DID (HTTP 404 or 410). */
    NOT_FOUND,
    /** A document came back but is not valid JSON, lacks an id, or describes another DID. */
    INVALID_DOCUMENT,
    /** Network failure, timeout, redirect or an HTTP error other than not found. */
    UNAVAILABLE
  }

  private final String did;
  private final Reason reason;

  public DidResolutionException(String did, Reason reason, String message) {
    super(did + ": " + message);
    this.did = did;
    this.reason = reason;
  }

  public DidResolutionException(String did, Reason reason, String message, Throwable cause) {
    super(did + ": " + message, cause);
    this.did = did;
    this.reason = reason;
  }

  public String did() {
    return did;
  }

  public Reason reason() {
    return reason;
  }
}
