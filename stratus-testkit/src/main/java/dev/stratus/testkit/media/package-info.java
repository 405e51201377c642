/** Small video clips generated on demand by a real ffmpeg, so tests never ship binary media. */
@NullMarked
package dev.stratus.testkit.media;

import org.jspecify.annotations.NullMarked;
