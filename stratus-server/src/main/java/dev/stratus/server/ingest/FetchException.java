package dev.stratus.server.ingest;

/** A blob that could not be fetched, and why, in words for the log and for a 404's message. */
public final class FetchException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a fetch failed. */
  public enum Kind {
    /** The PDS has no such blob (or none a record uses). */
    NOT_FOUND,
    /** The DID's PDS, or a redirect, points at an address that may not be fetched. */
    REFUSED_ADDRESS,
    /** Larger than allowed. */
    TOO_LARGE,
    /** The bytes are not the ones the CID names. */
    CID_MISMATCH,
    /** The DID or its PDS could not be reached, or answered with an error; another try may work. */
    UNREACHABLE
  }

  private final Kind kind;

  public FetchException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
