/** Taking in videos Stratus did not receive itself: fetched from their authors' PDSes, safely. */
@NullMarked
package dev.stratus.server.ingest;

import org.jspecify.annotations.NullMarked;
