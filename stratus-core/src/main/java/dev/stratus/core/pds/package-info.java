@NullMarked
package dev.stratus.core.pds;

import org.jspecify.annotations.NullMarked;
