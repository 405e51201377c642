/** HTTP test support: a proxy that injects faults between a real client and a real server. */
@NullMarked
package dev.stratus.testkit.http;

import org.jspecify.annotations.NullMarked;
