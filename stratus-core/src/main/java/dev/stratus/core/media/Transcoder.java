package dev.stratus.core.media;

import java.nio.file.Path;
import java.util.function.IntConsumer;

/** Turns an uploaded file into the MP4 blob, the HLS ladder and a thumbnail. */
public interface Transcoder {

  /**
   * Reads what the input is. Input that is not a decodable video fails with failure code
   * {@code validation_failure}.
   */
  MediaInfo probe(Path input) throws MediaException;

  /**
   * Decodes the input once and writes everything of {@link MediaLayout} into {@code outputDir}
   * (which exists and is empty). Reports progress 0..100 as it goes. Fails with
   * {@code encoding_failure} naming the cause.
   */
  void transcode(Path input, MediaInfo info, Ladder ladder, Path outputDir, IntConsumer progress)
      throws MediaException;

  /**
   * Writes only the MP4 blob of {@link MediaLayout} into {@code outputDir}, as fast as its spec
   * allows (the input's streams copied when {@link BlobCopy} allows it): for a video whose token
   * leaves no time for everything at once. Fails with {@code encoding_failure}.
   */
  void encodeBlob(Path input, MediaInfo info, Ladder ladder, Path outputDir, IntConsumer progress)
      throws MediaException;

  /**
   * Writes the HLS ladder and the thumbnail of {@link MediaLayout} into {@code outputDir}, not the
   * blob: the second half of {@link #encodeBlob}'s path, made from the delivered blob.
   */
  void encodeLadder(Path input, MediaInfo info, Ladder ladder, Path outputDir, IntConsumer progress)
      throws MediaException;

  /**
   * Writes only the MP4 blob, always encoded, at the size and peak rate of {@code ladder}'s blob
   * (from {@link BlobFit}): a blob that fits a PDS's size limit. Replaces a blob already there.
   */
  void encodeFittedBlob(Path input, MediaInfo info, Ladder ladder, Path outputDir, IntConsumer progress)
      throws MediaException;

  /**
   * Writes what {@link #encodeLadder} writes, shaped for playback that starts while it runs: the
   * first seconds in one-second segments, and each rendition's playlist rewritten whole (an HLS
   * {@code EVENT} playlist, without {@code #EXT-X-ENDLIST} until the end) after every segment, so
   * every segment it lists is complete. The master playlist appears with the first segments.
   */
  void encodeGrowingLadder(Path input, MediaInfo info, Ladder ladder, Path outputDir, IntConsumer progress)
      throws MediaException;
}
