/** {@link dev.stratus.core.storage.BlobStore} on S3-compatible object storage, shared by many nodes. */
@NullMarked
package dev.stratus.s3;

import org.jspecify.annotations.NullMarked;
