@NullMarked
package dev.stratus.server.pds;

import org.jspecify.annotations.NullMarked;
