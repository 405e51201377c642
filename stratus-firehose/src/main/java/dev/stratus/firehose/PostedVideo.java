package dev.stratus.firehose;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A post that embeds a video ({@code app.bsky.embed.video}, directly or as the media of
 * {@code app.bsky.embed.recordWithMedia}).
 *
 * @param rkey the post's record key
 * @param video the video blob's CID ({@code bafkrei…})
 * @param mimeType the blob's declared type
 * @param size the blob's declared size in bytes
 * @param width the embed's {@code aspectRatio} width, 0 when absent
 * @param height its height, 0 when absent
 * @param alt the embed's alt text, null when absent
 * @param captions its caption tracks
 */
public record PostedVideo(
    String rkey,
    String video,
    String mimeType,
    long size,
    int width,
    int height,
    @Nullable String alt,
    List<Caption> captions) {

  /**
   * One caption track.
   *
   * @param lang its language tag
   * @param file the WebVTT blob's CID
   * @param size the blob's declared size
   */
  public record Caption(String lang, String file, long size) {}
}
