/** atproto plumbing that knows nothing about video: identifiers, CIDs, service-auth tokens. */
@NullMarked
package dev.stratus.atproto;

import org.jspecify.annotations.NullMarked;
