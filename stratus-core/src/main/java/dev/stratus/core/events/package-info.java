@NullMarked
package dev.stratus.core.events;

import org.jspecify.annotations.NullMarked;
