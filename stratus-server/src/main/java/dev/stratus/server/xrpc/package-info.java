@NullMarked
package dev.stratus.server.xrpc;

import org.jspecify.annotations.NullMarked;
