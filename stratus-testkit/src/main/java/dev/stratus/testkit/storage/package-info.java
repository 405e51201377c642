/** Contract tests for {@link dev.stratus.core.storage.BlobStore}, and an S3 endpoint in the test's process. */
@NullMarked
package dev.stratus.testkit.storage;

import org.jspecify.annotations.NullMarked;
