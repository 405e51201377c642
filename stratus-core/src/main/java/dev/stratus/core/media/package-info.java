@NullMarked
package dev.stratus.core.media;

import org.jspecify.annotations.NullMarked;
