@NullMarked
package dev.stratus.core.storage;

import org.jspecify.annotations.NullMarked;
