/** Test support shared by the modules' tests: contract tests for ports, a clock tests can move. */
@NullMarked
package dev.stratus.testkit;

import org.jspecify.annotations.NullMarked;
