@NullMarked
package dev.stratus.server;

import org.jspecify.annotations.NullMarked;
