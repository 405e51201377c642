package dev.stratus.firehose;

import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes one binary WebSocket message of {@code subscribeRepos}: a header {@code {op, t}} and a
 * body, two DAG-CBOR values. A commit's post records are decoded only for ops on
 * {@code app.bsky.feed.post} that create or update, and only from blocks whose bytes match their
 * CIDs; everything else in the commit is left alone. A frame that is not two whole values is a
 * {@link FrameException}: the stream is broken, and the caller reconnects.
 */
public final class FrameDecoder {
  private static final String POSTS = "app.bsky.feed.post/";
  private static final String VIDEO = "app.bsky.embed.video";
  private static final String RECORD_WITH_MEDIA = "app.bsky.embed.recordWithMedia";

  public Event decode(byte[] frame) {
    try (CBORParser parser = DagCbor.parser(frame, 0, frame.length)) {
      Map<String, Object> header = DagCbor.map(DagCbor.next(parser), "the header");
      Map<String, Object> body = DagCbor.map(DagCbor.next(parser), "the body");
      if (parser.nextToken() != null) {
        throw new FrameException("more than two values in a frame");
      }
      return event(header, body);
    } catch (IOException e) {
      throw new FrameException("not DAG-CBOR: " + e.getMessage(), e);
    } catch (ClassCastException | IllegalArgumentException e) {
      throw new FrameException("a field of the wrong type: " + e.getMessage(), e);
    }
  }

  private static Event event(Map<String, Object> header, Map<String, Object> body) {
    long op = number(header, "op");
    if (op == -1) {
      return new Event.Error(text(body, "error"), optionalText(body, "message"));
    }
    String type = optionalText(header, "t");
    if (op != 1 || type == null) {
      return new Event.Unknown(String.valueOf(type), -1);
    }
    return switch (type) {
      case "#commit" -> commit(body);
      case "#account" -> new Event.Account(number(body, "seq"), text(body, "did"),
          Boolean.TRUE.equals(body.get("active")), optionalText(body, "status"));
      case "#identity" -> new Event.Identity(number(body, "seq"), text(body, "did"));
      case "#sync" -> new Event.Sync(number(body, "seq"), text(body, "did"), text(body, "rev"));
      case "#info" -> new Event.Info(text(body, "name"), optionalText(body, "message"));
      default -> new Event.Unknown(type, body.get("seq") instanceof Long seq ? seq : -1);
    };
  }

  private static Event.Commit commit(Map<String, Object> body) {
    long seq = number(body, "seq");
    String did = text(body, "repo");
    String rev = text(body, "rev");
    List<PostedVideo> videos = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    CarSlice slice = null;
    for (Object item : (List<?>) body.getOrDefault("ops", List.of())) {
      Map<String, Object> op = DagCbor.map(item, "an op");
      String path = text(op, "path");
      if (!path.startsWith(POSTS)) {
        continue;
      }
      String rkey = path.substring(POSTS.length());
      String action = text(op, "action");
      if (action.equals("delete")) {
        deleted.add(rkey);
      } else if ((action.equals("create") || action.equals("update")) && op.get("cid") instanceof CidLink cid) {
        if (slice == null) {
          slice = CarSlice.read((byte[]) body.get("blocks"));
        }
        byte[] block = slice.block(cid);
        if (block != null) {
          PostedVideo video = videoOf(rkey, block);
          if (video != null) {
            videos.add(video);
          }
        }
      }
    }
    return new Event.Commit(seq, did, rev, videos, deleted);
  }

  /** The video a post record embeds, or null when it embeds none (or is not a readable record). */
  static @Nullable PostedVideo videoOf(String rkey, byte[] record) {
    Map<String, Object> post;
    try {
      post = DagCbor.map(DagCbor.read(record), "a record");
    } catch (IOException | FrameException e) {
      return null;
    }
    Object embed = post.get("embed");
    if (!(embed instanceof Map<?, ?>)) {
      return null;
    }
    Map<String, Object> media = DagCbor.map(embed, "the embed");
    if (RECORD_WITH_MEDIA.equals(media.get("$type")) && media.get("media") instanceof Map<?, ?> inner) {
      media = DagCbor.map(inner, "the media");
    }
    if (!VIDEO.equals(media.get("$type")) || !(media.get("video") instanceof Map<?, ?> blobValue)) {
      return null;
    }
    Map<String, Object> blob = DagCbor.map(blobValue, "the video");
    if (!(blob.get("ref") instanceof CidLink ref) || !ref.isBlob()) {
      return null;
    }
    int width = 0;
    int height = 0;
    if (media.get("aspectRatio") instanceof Map<?, ?> ratioValue) {
      Map<String, Object> ratio = DagCbor.map(ratioValue, "the aspect ratio");
      width = (int) Math.min(Integer.MAX_VALUE, ratio.get("width") instanceof Long w ? w : 0);
      height = (int) Math.min(Integer.MAX_VALUE, ratio.get("height") instanceof Long h ? h : 0);
    }
    List<PostedVideo.Caption> captions = new ArrayList<>();
    if (media.get("captions") instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> captionValue) {
          Map<String, Object> caption = DagCbor.map(captionValue, "a caption");
          if (caption.get("lang") instanceof String lang && caption.get("file") instanceof Map<?, ?> fileValue) {
            Map<String, Object> file = DagCbor.map(fileValue, "a caption file");
            if (file.get("ref") instanceof CidLink fileRef) {
              captions.add(new PostedVideo.Caption(lang, fileRef.toString(), file.get("size") instanceof Long s ? s : 0));
            }
          }
        }
      }
    }
    return new PostedVideo(rkey, ref.toString(), blob.get("mimeType") instanceof String mime ? mime : "",
        blob.get("size") instanceof Long size ? size : 0, width, height,
        media.get("alt") instanceof String alt ? alt : null, List.copyOf(captions));
  }

  private static long number(Map<String, Object> map, String key) {
    if (!(map.get(key) instanceof Long value)) {
      throw new FrameException("\"" + key + "\" is not an integer");
    }
    return value;
  }

  private static String text(Map<String, Object> map, String key) {
    if (!(map.get(key) instanceof String value)) {
      throw new FrameException("\"" + key + "\" is not a string");
    }
    return value;
  }

  private static @Nullable String optionalText(Map<String, Object> map, String key) {
    return map.get(key) instanceof String value ? value : null;
  }
}
