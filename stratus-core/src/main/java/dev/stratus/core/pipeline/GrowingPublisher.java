package dev.stratus.core.pipeline;

import dev.stratus.core.media.HlsPlaylists;
import dev.stratus.core.media.MediaLayout;
import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a growing ladder into the blob store while ffmpeg writes it, so playback starts with the
 * first segments: each segment a rendition playlist lists (ffmpeg lists only finished ones), then
 * that playlist, and once every rendition has one, the master. Run it again and again; each run
 * stores only what is new.
 */
final class GrowingPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(GrowingPublisher.class);

  private final BlobStore blobs;
  private final Path output;
  private final String did;
  private final String cid;
  private final List<String> renditions;
  private final Set<String> storedSegments = new HashSet<>();
  private final Map<String, String> storedPlaylists = new HashMap<>();
  private boolean masterStored;
  private boolean stopped;

  GrowingPublisher(BlobStore blobs, Path output, String did, String cid, List<String> renditions) {
    this.blobs = blobs;
    this.output = output;
    this.did = did;
    this.cid = cid;
    this.renditions = List.copyOf(renditions);
  }

  /** Stores what is new since the last run; a storage error is logged and retried next run. */
  synchronized void publishNew() {
    if (stopped) {
      return;
    }
    try {
      for (String rendition : renditions) {
        publishRendition(rendition);
      }
      Path master = output.resolve(MediaLayout.MASTER_PLAYLIST);
      if (!masterStored && storedPlaylists.size() == renditions.size() && Files.exists(master)) {
        put(MediaLayout.MASTER_PLAYLIST, Files.readString(master));
        masterStored = true;
      }
    } catch (IOException e) {
      LOG.warn("video {} of {}: cannot publish its first segments yet: {}", cid, did, e.getMessage());
    }
  }

  private void publishRendition(String rendition) throws IOException {
    Path playlist = output.resolve(rendition).resolve(MediaLayout.RENDITION_PLAYLIST);
    if (!Files.exists(playlist)) {
      return;
    }
    // ffmpeg replaces the playlist by a rename: this reads one whole version of it.
    String text = Files.readString(playlist);
    if (text.equals(storedPlaylists.get(rendition))) {
      return;
    }
    for (String segment : HlsPlaylists.segments(text)) {
      String relative = rendition + "/" + segment;
      if (!storedSegments.contains(relative)) {
        blobs.putFile(BlobKeys.media(did, cid, relative), output.resolve(relative), false);
        storedSegments.add(relative);
      }
    }
    put(rendition + "/" + MediaLayout.RENDITION_PLAYLIST, HlsPlaylists.growing(text));
    storedPlaylists.put(rendition, text);
  }

  private void put(String relative, String text) throws IOException {
    blobs.put(BlobKeys.media(did, cid, relative), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Stops publishing (a run in progress finishes first) and returns the segments stored. */
  synchronized Set<String> stop() {
    stopped = true;
    return Set.copyOf(storedSegments);
  }
}
