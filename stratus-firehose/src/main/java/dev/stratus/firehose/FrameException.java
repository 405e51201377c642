package dev.stratus.firehose;

/** A frame that is not what the event stream sends: the connection should be dropped, not the frame skipped. */
public final class FrameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FrameException(String message) {
    super(message);
  }

  public FrameException(String message, Throwable cause) {
    super(message, cause);
  }
}
