/** A Java client for any {@code app.bsky.video} service: Stratus, or Bluesky's own. */
@NullMarked
package dev.stratus.client;

import org.jspecify.annotations.NullMarked;
