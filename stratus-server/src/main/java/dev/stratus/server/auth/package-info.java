@NullMarked
package dev.stratus.server.auth;

import org.jspecify.annotations.NullMarked;
