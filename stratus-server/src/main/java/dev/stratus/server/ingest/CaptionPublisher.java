package dev.stratus.server.ingest;

import dev.stratus.core.media.CaptionFile;
import dev.stratus.core.media.HlsPlaylists;
import dev.stratus.core.media.MediaException;
import dev.stratus.core.media.MediaLayout;
import dev.stratus.core.media.SubtitledMaster;
import dev.stratus.core.pipeline.CaptionTracks;
import dev.stratus.core.pipeline.SourceFetcher;
import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import dev.stratus.jdbc.VideoCaptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a video's caption tracks as its posts name them: each WebVTT blob fetched from the
 * author's PDS and checked ({@link CaptionFile}), stored beside the video with a one-segment
 * subtitle playlist, and the master playlist rewritten to offer exactly the tracks that passed.
 * The result depends only on the tracks recorded, so publishing twice at once is harmless.
 */
public final class CaptionPublisher implements CaptionTracks {
  private static final Logger LOG = LoggerFactory.getLogger(CaptionPublisher.class);

  private final BlobStore blobs;
  private final VideoCaptions captions;
  private final SourceFetcher fetcher;
  private final Path scratch;

  /** @param scratch a local folder for fetched files before they are checked */
  public CaptionPublisher(BlobStore blobs, VideoCaptions captions, SourceFetcher fetcher, Path scratch) {
    this.blobs = blobs;
    this.captions = captions;
    this.fetcher = fetcher;
    this.scratch = scratch;
  }

  @Override
  public void publish(String did, String videoCid) throws InterruptedException {
    try {
      publishOrThrow(did, videoCid);
    } catch (IOException e) {
      LOG.warn("captions of {} of {}: not published: {}", videoCid, did, e.getMessage());
    }
  }

  private void publishOrThrow(String did, String videoCid) throws IOException, InterruptedException {
    String masterKey = BlobKeys.media(did, videoCid, MediaLayout.MASTER_PLAYLIST);
    Optional<String> master = read(masterKey);
    Map<String, String> tracks = captions.of(did, videoCid);
    if (master.isEmpty() || tracks.isEmpty()) {
      return;
    }
    double seconds = durationSeconds(did, videoCid, master.get());
    List<String> published = new ArrayList<>();
    for (Map.Entry<String, String> track : tracks.entrySet()) {
      String lang = track.getKey();
      Optional<String> text = fetchChecked(did, videoCid, lang, track.getValue());
      if (text.isPresent()) {
        put(BlobKeys.media(did, videoCid, SubtitledMaster.FOLDER + "/" + SubtitledMaster.fileName(lang)), text.get());
        put(BlobKeys.media(did, videoCid, SubtitledMaster.playlistPath(lang)), SubtitledMaster.trackPlaylist(lang, seconds));
        published.add(lang);
      }
    }
    put(masterKey, SubtitledMaster.of(master.get(), published));
    LOG.info("captions of {} of {}: {}", videoCid, did, published.isEmpty() ? "none usable" : published);
  }

  /** The track's text when it can be fetched and is a caption file; otherwise empty, logged. */
  private Optional<String> fetchChecked(String did, String videoCid, String lang, String fileCid)
      throws IOException, InterruptedException {
    if (!CaptionFile.isLanguageTag(lang)) {
      LOG.info("captions of {} of {}: skipped a track with the language tag {}", videoCid, did, lang);
      return Optional.empty();
    }
    Files.createDirectories(scratch);
    Path file = Files.createTempFile(scratch, "caption", ".vtt");
    try {
      fetcher.fetch(did, fileCid, file, CaptionFile.MAX_BYTES);
      return Optional.of(CaptionFile.check(Files.readAllBytes(file)));
    } catch (MediaException | IllegalArgumentException e) {
      LOG.info("captions of {} of {}: skipped the {} track: {}", videoCid, did, lang, e.getMessage());
      return Optional.empty();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The video's length, from its first rendition's playlist: a subtitle track spans all of it. */
  private double durationSeconds(String did, String videoCid, String master) throws IOException {
    for (String variant : HlsPlaylists.segments(master)) {
      if (!variant.startsWith(SubtitledMaster.FOLDER + "/")) {
        return read(BlobKeys.media(did, videoCid, variant)).map(HlsPlaylists::durationSeconds).orElse(0.0);
      }
    }
    return 0;
  }

  private Optional<String> read(String key) throws IOException {
    Optional<Long> size = blobs.size(key);
    if (size.isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in = blobs.open(key, 0, size.get())) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private void put(String key, String text) throws IOException {
    blobs.put(key, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }
}
