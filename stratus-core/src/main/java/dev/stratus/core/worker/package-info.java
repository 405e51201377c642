@NullMarked
package dev.stratus.core.worker;

import org.jspecify.annotations.NullMarked;
