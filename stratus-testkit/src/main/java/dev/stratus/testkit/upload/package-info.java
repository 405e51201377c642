/**
 * Contract tests for {@link dev.stratus.core.upload.UploadSessionStore}, run against every
 * implementation.
 */
@NullMarked
package dev.stratus.testkit.upload;

import org.jspecify.annotations.NullMarked;
