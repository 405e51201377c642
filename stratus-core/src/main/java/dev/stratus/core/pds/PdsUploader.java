package dev.stratus.core.pds;

import dev.stratus.core.job.PdsHandoff;
import dev.stratus.lexicon.BlobRef;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/** Delivers a finished MP4 to the uploader's PDS ({@code com.atproto.repo.uploadBlob}). */
public interface PdsUploader {

  /**
   * Streams {@code file} to the PDS with the forwarded token, reporting bytes sent as they go, and
   * returns the blob ref the PDS answered with.
   */
  BlobRef uploadBlob(PdsHandoff handoff, Path file, String mimeType, LongConsumer bytesSent)
      throws PdsUploadException, InterruptedException;
}
