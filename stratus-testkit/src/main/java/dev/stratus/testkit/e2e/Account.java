package dev.stratus.testkit.e2e;

import dev.stratus.client.PdsSession;

/**
 * An account created on the test PDS, logged in with the SDK as a user's client would be.
 *
 * @param did the account's {@code did:plc:…}
 * @param handle the handle it was created with, e.g. {@code alice-k3x9q2.test}
 * @param password its password, for a test that logs in again (as the {@code stratus} command does)
 * @param session its session: service tokens, blobs and records
 */
public record Account(String did, String handle, String password, PdsSession session) {
  @Override
  public String toString() {
    // Keeps the password out of assertion messages and logs.
    return "Account[did=" + did + ", handle=" + handle + "]";
  }
}
