package dev.stratus.core.media;

/**
 * File names inside one encoded video's folder, the same locally and in the blob store, shaped
 * like Bluesky's CDN: {@code playlist.m3u8}, {@code 720p/video.m3u8}, {@code 720p/video0.ts},
 * {@code thumbnail.jpg}, plus the MP4 blob {@code video.mp4}.
 */
public final class MediaLayout {
  public static final String MASTER_PLAYLIST = "playlist.m3u8";
  public static final String RENDITION_PLAYLIST = "video.m3u8";
  public static final String SEGMENT_PREFIX = "video";
  public static final String SEGMENT_SUFFIX = ".ts";
  public static final String THUMBNAIL = "thumbnail.jpg";
  public static final String BLOB = "video.mp4";
  /** The length of an HLS segment (the last of a video, and the first of a growing one, are shorter). */
  public static final int SEGMENT_SECONDS = 4;

  private MediaLayout() {}
}
