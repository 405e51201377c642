package dev.stratus.testkit.e2e;

/**
 * An account created on the test PDS, with the session's access token.
 *
 * @param did the account's {@code did:plc:…}
 * @param handle the handle it was created with, e.g. {@code alice-k3x9q2.test}
 * @param accessJwt the session access token (valid about two hours), sent as {@code Bearer}
 */
public record Account(String did, String handle, String accessJwt) {
  @Override
  public String toString() {
    // Keeps the token out of assertion messages and logs.
    return "Account[did=" + did + ", handle=" + handle + "]";
  }
}
