package dev.stratus.core.job;

/**
 * An upload refused, or a multipart step refused, before it became a job. The {@link Reason} is
 * what went wrong; the HTTP edge turns it into the status and XRPC error name of the API that was
 * called (the single-request and multipart APIs name some refusals differently). The message is
 * written for people and, where the Bluesky app matches it, is exactly the words it expects.
 */
public final class UploadRejected extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an upload was refused. */
  public enum Reason {
    /** The account may not upload (deny list). */
    FORBIDDEN,
    /** Every upload is switched off. */
    DISABLED,
    /** The MIME type, or the bytes' container, is not a video Stratus takes. */
    UNSUPPORTED_TYPE,
    /** Larger than one upload may be. */
    TOO_LARGE,
    /** An upload with no bytes. */
    EMPTY,
    /** The account's daily videos or bytes, open reservations included, are used up. */
    OVER_QUOTA,
    /** The declared duration is over the limit. */
    TOO_LONG,
    /** The declared width and height have an aspect ratio outside the limits. */
    BAD_ASPECT_RATIO,
    /** The account has as many open multipart uploads as it may. */
    TOO_MANY_OPEN,
    /** The node is draining or its queue is full; retry later or elsewhere. */
    OVERLOADED,
    /** No such upload for this account (or it aged out of retention). */
    NOT_FOUND,
    /** The upload session expired before it was finished. */
    EXPIRED,
    /** The upload session was aborted. */
    ABORTED,
    /** The upload session already completed. */
    ALREADY_COMPLETED,
    /** The upload session failed; the message is its failure reason. */
    FAILED,
    /** A finish is in progress. */
    NOT_READY,
    /** A part number outside 1..partCount. */
    INVALID_PART_NUMBER,
    /** A part whose length is not the planned one. */
    PART_SIZE_MISMATCH,
    /** A finish before every part arrived; the message lists the missing numbers. */
    MISSING_PARTS
  }

  private final Reason reason;

  public UploadRejected(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
