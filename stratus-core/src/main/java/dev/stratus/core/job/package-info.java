@NullMarked
package dev.stratus.core.job;

import org.jspecify.annotations.NullMarked;
