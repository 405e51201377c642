/** What operators of a fleet read: liveness, readiness and Prometheus metrics. */
@NullMarked
package dev.stratus.server.ops;

import org.jspecify.annotations.NullMarked;
