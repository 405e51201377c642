package dev.stratus.core.pipeline;

/**
 * Publishes the caption tracks posts attach to a video: each checked WebVTT file, its subtitle
 * playlist, and the master playlist offering them. Tracks that cannot be had are skipped (and
 * logged); a video is never failed for its captions.
 */
public interface CaptionTracks {
  CaptionTracks NONE = (did, videoCid) -> {};

  /** Publishes every track known for the video; does nothing while its media is not stored. */
  void publish(String did, String videoCid) throws InterruptedException;
}
