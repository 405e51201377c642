/** The wire vocabulary of {@code app.bsky.video.*}: records that serialize exactly as the lexicons say. */
@NullMarked
package dev.stratus.lexicon;

import org.jspecify.annotations.NullMarked;
