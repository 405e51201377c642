@NullMarked
package dev.stratus.server.watch;

import org.jspecify.annotations.NullMarked;
