package dev.stratus.server.watch;

import dev.stratus.atproto.Cid;
import dev.stratus.atproto.Did;
import dev.stratus.core.media.CaptionFile;
import dev.stratus.core.media.HlsPlaylists;
import dev.stratus.core.media.MediaLayout;
import dev.stratus.core.media.SubtitledMaster;
import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import dev.stratus.server.xrpc.XrpcException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * HLS playback under {@code /watch/{did}/{cid}/}: the master playlist, the thumbnail, each
 * rendition's playlist and segments, and the caption tracks under {@code subs/}. The DID arrives
 * percent-encoded, as the AppView builds these URLs. Every path part is checked against a strict
 * pattern before it becomes a storage key.
 *
 * <p>A removed video, or one of an account that is not active, is gone (410) at once. A video not
 * held yet is fetched on the master playlist's request when {@link OnDemand} is on. Segments and
 * finished rendition playlists never change and are cached for good; the master (captions may
 * be added) and growing playlists are not.
 */
public final class WatchRoutes {
  private static final Pattern RENDITION = Pattern.compile("\\d{3,4}p");
  private static final Pattern SEGMENT =
      Pattern.compile(Pattern.quote(MediaLayout.SEGMENT_PREFIX) + "\\d{1,6}" + Pattern.quote(MediaLayout.SEGMENT_SUFFIX));
  private static final Pattern CAPTION_FILE = Pattern.compile("([A-Za-z0-9-]{2,35})\\.(m3u8|vtt)");
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  // The master gains caption tracks when a post names them; a CDN asks again after a minute.
  private static final String CHANGES_RARELY = "public, max-age=60";
  // A growing playlist gains a segment every few seconds: always revalidated.
  private static final String GROWING = "no-cache";
  private static final int MAX_PLAYLIST_BYTES = 1 << 20;
  // A miss may become a hit (the video is still being processed): never cache one for long.
  private static final String NOT_CACHED = "no-store";
  // Cross-origin players (hls.js, video.js) read these to seek and to size their buffers.
  private static final String EXPOSED = "Content-Length, Content-Range, Accept-Ranges";

  private final BlobStore blobs;
  private final MediaGate gate;
  private final @Nullable OnDemand onDemand;

  /**
   * @param gate says which videos are not served
   * @param onDemand fetches a video not held yet; null to answer 404 instead
   */
  public WatchRoutes(BlobStore blobs, MediaGate gate, @Nullable OnDemand onDemand) {
    this.blobs = blobs;
    this.gate = gate;
    this.onDemand = onDemand;
  }

  /** Which videos are not served, and why (the reason goes into the 410's message). */
  @FunctionalInterface
  public interface MediaGate {
    MediaGate OPEN = (did, cid) -> Optional.empty();

    Optional<String> hidden(String did, String cid);
  }

  public void register(RoutesConfig routes) {
    for (HandlerType method : new HandlerType[] {HandlerType.GET, HandlerType.HEAD}) {
      routes.addHttpHandler(method, "/watch/{did}/{cid}/{file}", ctx -> serveTop(ctx));
      routes.addHttpHandler(method, "/watch/{did}/{cid}/{rendition}/{file}", ctx -> serveRendition(ctx));
    }
  }

  private void serveTop(Context ctx) throws IOException {
    ctx.header("Cache-Control", NOT_CACHED);
    String file = ctx.pathParam("file");
    if (!file.equals(MediaLayout.MASTER_PLAYLIST) && !file.equals(MediaLayout.THUMBNAIL)) {
      throw notFound();
    }
    serve(ctx, file);
  }

  private void serveRendition(Context ctx) throws IOException {
    ctx.header("Cache-Control", NOT_CACHED);
    String rendition = ctx.pathParam("rendition");
    String file = ctx.pathParam("file");
    if (rendition.equals(SubtitledMaster.FOLDER)) {
      Matcher caption = CAPTION_FILE.matcher(file);
      if (!caption.matches() || !CaptionFile.isLanguageTag(caption.group(1))) {
        throw notFound();
      }
      serve(ctx, rendition + "/" + file);
      return;
    }
    boolean known = file.equals(MediaLayout.RENDITION_PLAYLIST) || SEGMENT.matcher(file).matches();
    if (!RENDITION.matcher(rendition).matches() || !known) {
      throw notFound();
    }
    serve(ctx, rendition + "/" + file);
  }

  private void serve(Context ctx, String relativePath) throws IOException {
    String did = ctx.pathParam("did");
    String cid = ctx.pathParam("cid");
    if (!Did.isValid(did) || !Cid.isBlobCid(cid)) {
      throw notFound();
    }
    String key = BlobKeys.media(did, cid, relativePath);
    ctx.header("Access-Control-Allow-Origin", "*");
    ctx.header("Access-Control-Expose-Headers", EXPOSED);
    ctx.header("Cache-Control", NOT_CACHED);
    Optional<String> hidden = gate.hidden(did, cid);
    if (hidden.isPresent()) {
      throw new XrpcException(410, "Gone", "this video is no longer available (" + hidden.get() + ")");
    }
    Optional<Long> stored = blobs.size(key);
    if (stored.isEmpty() && onDemand != null && relativePath.equals(MediaLayout.MASTER_PLAYLIST)) {
      fetchFirst(ctx, did, cid);
      stored = blobs.size(key);
    }
    long size = stored.orElseThrow(WatchRoutes::notFound);
    if (relativePath.endsWith(".m3u8")) {
      servePlaylist(ctx, key, relativePath, size);
      return;
    }
    ctx.header("Accept-Ranges", "bytes");
    Optional<ByteRange> range;
    try {
      range = ByteRange.parse(ctx.header("Range"), size);
    } catch (ByteRange.Unsatisfiable e) {
      ctx.header("Content-Range", "bytes */" + size);
      throw new XrpcException(416, "RangeNotSatisfiable", "range outside 0-" + (size - 1));
    }
    // Segments, the thumbnail and the blob never change once they exist; a caption file may be
    // replaced by a later post.
    ctx.header("Cache-Control", relativePath.endsWith(".vtt") ? CHANGES_RARELY : IMMUTABLE);
    ctx.contentType(contentType(relativePath));
    long start = range.map(ByteRange::start).orElse(0L);
    long length = range.map(ByteRange::length).orElse(size);
    range.ifPresent(r -> ctx.status(206).header("Content-Range", "bytes " + r.start() + "-" + r.end() + "/" + size));
    ctx.header("Content-Length", Long.toString(length));
    if (ctx.method() == HandlerType.HEAD) {
      return;
    }
    ctx.result(blobs.open(key, start, length));
  }

  /** Playlists are small: read whole, so a growing one is told apart from a finished one. */
  private void servePlaylist(Context ctx, String key, String relativePath, long size) throws IOException {
    if (size > MAX_PLAYLIST_BYTES) {
      throw notFound();
    }
    byte[] text;
    try (InputStream in = blobs.open(key, 0, size)) {
      text = in.readAllBytes();
    }
    boolean rendition = relativePath.contains("/") && !relativePath.startsWith(SubtitledMaster.FOLDER + "/");
    String caching;
    if (!rendition) {
      caching = CHANGES_RARELY;
    } else if (HlsPlaylists.isFinished(new String(text, StandardCharsets.UTF_8))) {
      caching = IMMUTABLE;
    } else {
      caching = GROWING;
    }
    ctx.header("Cache-Control", caching);
    ctx.contentType(contentType(relativePath));
    ctx.header("Content-Length", Integer.toString(text.length));
    if (ctx.method() != HandlerType.HEAD) {
      ctx.result(text);
    }
  }

  /** Fetches a video not held yet and waits for its first segments; throws when it cannot be had. */
  private void fetchFirst(Context ctx, String did, String cid) {
    OnDemand.Outcome outcome;
    try {
      outcome = Objects.requireNonNull(onDemand).await(did, cid);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new XrpcException(503, "VideoProcessing", "the server is stopping");
    }
    switch (outcome) {
      case OnDemand.Outcome.Ready ready -> {}
      case OnDemand.Outcome.Missing missing -> throw new XrpcException(404, "NotFound", missing.why());
      case OnDemand.Outcome.Pending pending -> {
        ctx.header("Retry-After", "2");
        throw new XrpcException(503, "VideoProcessing", pending.why() + "; try again in a moment");
      }
    }
  }

  static String contentType(String path) {
    if (path.endsWith(".m3u8")) {
      return "application/vnd.apple.mpegurl";
    }
    if (path.endsWith(".ts")) {
      return "video/mp2t";
    }
    if (path.endsWith(".jpg")) {
      return "image/jpeg";
    }
    if (path.endsWith(".vtt")) {
      return "text/vtt; charset=utf-8";
    }
    return "application/octet-stream";
  }

  private static XrpcException notFound() {
    return new XrpcException(404, "NotFound", "no such video file");
  }
}
