package dev.stratus.core.media;

import java.util.Set;

/**
 * Whether an input's streams can become the MP4 blob unchanged (stream copy, seconds instead of
 * an encode): only when they already meet the blob's spec (H.264 High, Main or Constrained
 * Baseline in yuv420p at the blob's size, upright, at most 60 fps; AAC in at most two channels or
 * no audio) inside an MP4/QuickTime file, whose streams copy into MP4 as they are.
 */
public final class BlobCopy {
  private static final Set<String> PROFILES = Set.of("High", "Main", "Constrained Baseline");

  private BlobCopy() {}

  public static boolean allowed(MediaInfo info, Ladder ladder) {
    boolean container = info.formatName().contains("mp4") || info.formatName().contains("mov");
    boolean video =
        "h264".equals(info.videoCodec())
            && "yuv420p".equals(info.pixelFormat())
            && info.videoProfile() != null
            && PROFILES.contains(info.videoProfile())
            && info.rotation() == 0
            && ladder.frameRate() == 0
            && info.frameRate() > 0
            && ladder.blob().width() == info.width()
            && ladder.blob().height() == info.height();
    boolean audio = !info.hasAudio() || ("aac".equals(info.audioCodec()) && info.audioChannels() <= 2);
    return container && video && audio;
  }
}
