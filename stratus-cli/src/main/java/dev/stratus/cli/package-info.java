@NullMarked
package dev.stratus.cli;

import org.jspecify.annotations.NullMarked;
