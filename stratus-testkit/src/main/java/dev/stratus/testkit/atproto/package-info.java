/**
 * atproto identities for tests: generated signing keys, DID documents, service-auth JWTs (well
 * formed or broken on purpose) and an in-memory DID resolver standing in for the PLC directory.
 */
@NullMarked
package dev.stratus.testkit.atproto;

import org.jspecify.annotations.NullMarked;
