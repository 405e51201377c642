/**
 * End-to-end support: a real atproto network (PLC directory + PDS from {@code @atproto/dev-env},
 * run by Node from the repository's {@code e2e/} folder) and a small XRPC client for the calls a
 * test needs to play the user's part: create an account, get a service-auth token, post a video.
 */
@NullMarked
package dev.stratus.testkit.e2e;

import org.jspecify.annotations.NullMarked;
