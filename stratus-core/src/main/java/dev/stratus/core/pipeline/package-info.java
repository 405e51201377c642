@NullMarked
package dev.stratus.core.pipeline;

import org.jspecify.annotations.NullMarked;
