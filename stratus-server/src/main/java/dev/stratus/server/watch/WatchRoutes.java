package dev.stratus.server.watch;

import dev.stratus.atproto.Cid;
import dev.stratus.atproto.Did;
import dev.stratus.core.media.MediaLayout;
import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import dev.stratus.server.xrpc.XrpcException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * HLS playback under {@code /watch/{did}/{cid}/}: the master playlist, the thumbnail, and each
 * rendition's playlist and segments. The DID arrives percent-encoded, as the AppView builds these
 * URLs. Every path part is checked against a strict pattern before it becomes a storage key.
 */
public final class WatchRoutes {
  private static final Pattern RENDITION = Pattern.compile("\\d{3,4}p");
  private static final Pattern SEGMENT =
      Pattern.compile(Pattern.quote(MediaLayout.SEGMENT_PREFIX) + "\\d{1,6}" + Pattern.quote(MediaLayout.SEGMENT_SUFFIX));
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  // A miss may become a hit (the video is still being processed): never cache one for long.
  private static final String NOT_CACHED = "no-store";
  // Cross-origin players (hls.js, video.js) read these to seek and to size their buffers.
  private static final String EXPOSED = "Content-Length, Content-Range, Accept-Ranges";

  private final BlobStore blobs;

  public WatchRoutes(BlobStore blobs) {
    this.blobs = blobs;
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
    long size = blobs.size(key).orElseThrow(WatchRoutes::notFound);
    ctx.header("Accept-Ranges", "bytes");
    Optional<ByteRange> range;
    try {
      range = ByteRange.parse(ctx.header("Range"), size);
    } catch (ByteRange.Unsatisfiable e) {
      ctx.header("Content-Range", "bytes */" + size);
      throw new XrpcException(416, "RangeNotSatisfiable", "range outside 0-" + (size - 1));
    }
    // Everything under a CID is immutable once it exists.
    ctx.header("Cache-Control", IMMUTABLE);
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
    return "application/octet-stream";
  }

  private static XrpcException notFound() {
    return new XrpcException(404, "NotFound", "no such video file");
  }
}
