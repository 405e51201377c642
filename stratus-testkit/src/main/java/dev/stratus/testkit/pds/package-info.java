@NullMarked
package dev.stratus.testkit.pds;

import org.jspecify.annotations.NullMarked;
