/**
 * Multipart uploads ({@code startUpload}, {@code uploadPart}, {@code finishUpload},
 * {@code abortUpload}, {@code getUploadStatus}): sessions that reserve quota, parts stored through
 * the blob store, and the finish that joins them into a job's input.
 */
@NullMarked
package dev.stratus.core.upload;

import org.jspecify.annotations.NullMarked;
