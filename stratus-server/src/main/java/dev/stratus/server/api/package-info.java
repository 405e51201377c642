@NullMarked
package dev.stratus.server.api;

import org.jspecify.annotations.NullMarked;
