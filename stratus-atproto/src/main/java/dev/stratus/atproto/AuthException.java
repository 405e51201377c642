package dev.stratus.atproto;

/** A service-auth token was refused; {@link #error} is the atproto error name to answer with. */
public final class AuthException extends Exception {
  private final AuthError error;

  public AuthException(AuthError error, String message) {
    super(message);
    this.error = error;
  }

  public AuthError error() {
    return error;
  }

  /** The XRPC error name, e.g. {@code BadJwtAudience}. */
  public String errorName() {
    return error.wireName();
  }

  @Override
  public String toString() {
    return error.wireName() + ": " + getMessage();
  }
}
