package dev.stratus.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.LexJson;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An {@code app.bsky.feed.post} record that embeds a video ({@code app.bsky.embed.video}), checked
 * against the lexicons' limits before a PDS sees it. Write it with
 * {@link PdsSession#createRecord}{@code ("app.bsky.feed.post", post.toRecord())}.
 */
public final class VideoPost {
  /** The collection posts live in. */
  public static final String COLLECTION = "app.bsky.feed.post";
  /** At most this many caption tracks ({@code app.bsky.embed.video#main.captions.maxLength}). */
  public static final int MAX_CAPTIONS = 20;
  /** At most this many bytes in a caption file ({@code app.bsky.embed.video#caption.file.maxSize}). */
  public static final long MAX_CAPTION_BYTES = 20_000;
  /** At most this many graphemes of text ({@code app.bsky.feed.post#main.text.maxGraphemes}). */
  public static final int MAX_TEXT_GRAPHEMES = 300;

  private final BlobRef video;
  private String text = "";
  private @Nullable String alt;
  private int width;
  private int height;
  private @Nullable String presentation;
  private final List<ObjectNode> captions = new ArrayList<>();
  private Instant createdAt = Instant.now();

  private VideoPost(BlobRef video) {
    this.video = Objects.requireNonNull(video, "video");
  }

  /**
   * A post of {@code video}, with no text yet.
   *
   * @param video the blob a completed job names ({@code JobStatus.blob()})
   * @return the post, to fill in
   */
  public static VideoPost of(BlobRef video) {
    return new VideoPost(video);
  }

  /**
   * The post's text.
   *
   * @param value up to 300 graphemes; may be empty
   * @return this post
   * @throws IllegalArgumentException when the text is longer
   */
  public VideoPost text(String value) {
    checkText(value);
    this.text = value;
    return this;
  }

  /**
   * Checks a post's text before anything is uploaded.
   *
   * @param value the text
   * @throws IllegalArgumentException when it holds more than 300 graphemes
   */
  public static void checkText(String value) {
    int graphemes = graphemes(value);
    if (graphemes > MAX_TEXT_GRAPHEMES) {
      throw new IllegalArgumentException("the post's text is " + graphemes + " characters; a post holds " + MAX_TEXT_GRAPHEMES);
    }
  }

  /**
   * Checks a caption's language tag before anything is uploaded.
   *
   * @param language e.g. {@code en} or {@code pt-BR}
   * @throws IllegalArgumentException when it is not a BCP-47 language tag
   */
  public static void checkLanguage(String language) {
    if (!language.matches("[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*")) {
      throw new IllegalArgumentException("\"" + language + "\" is not a language tag such as en or pt-BR");
    }
  }

  /**
   * A description of the video for people who cannot see it.
   *
   * @param value the alt text
   * @return this post
   */
  public VideoPost alt(String value) {
    this.alt = value;
    return this;
  }

  /**
   * The video's shape as displayed, so that clients can lay the post out before it loads.
   *
   * @param displayWidth width in pixels (after any rotation)
   * @param displayHeight height in pixels
   * @return this post
   */
  public VideoPost aspectRatio(int displayWidth, int displayHeight) {
    if (displayWidth < 1 || displayHeight < 1) {
      throw new IllegalArgumentException("an aspect ratio needs positive sides, not " + displayWidth + "x" + displayHeight);
    }
    this.width = displayWidth;
    this.height = displayHeight;
    return this;
  }

  /**
   * How clients should present the video: {@code "gif"} plays it muted in a loop like a GIF,
   * {@code "default"} as a video.
   *
   * @param value {@code default}, {@code gif}, or a later known value
   * @return this post
   */
  public VideoPost presentation(String value) {
    this.presentation = value;
    return this;
  }

  /**
   * Adds a caption track.
   *
   * @param language its BCP-47 language, e.g. {@code en} or {@code pt-BR}
   * @param file a {@code text/vtt} blob of at most 20,000 bytes, from {@link PdsSession#uploadBlob}
   * @return this post
   * @throws IllegalArgumentException for a 21st track, a file too big or of another type, or a
   *     malformed language
   */
  public VideoPost caption(String language, BlobRef file) {
    if (captions.size() == MAX_CAPTIONS) {
      throw new IllegalArgumentException("a video holds at most " + MAX_CAPTIONS + " caption tracks");
    }
    checkLanguage(language);
    if (!"text/vtt".equals(file.mimeType())) {
      throw new IllegalArgumentException("captions are WebVTT files (text/vtt), not " + file.mimeType());
    }
    if (file.size() > MAX_CAPTION_BYTES) {
      throw new IllegalArgumentException("a caption file holds at most " + MAX_CAPTION_BYTES + " bytes; this one has " + file.size());
    }
    ObjectNode caption = LexJson.mapper().createObjectNode().put("lang", language);
    caption.set("file", LexJson.mapper().valueToTree(file));
    captions.add(caption);
    return this;
  }

  /**
   * When the post was written (now, unless set).
   *
   * @param value the time
   * @return this post
   */
  public VideoPost createdAt(Instant value) {
    this.createdAt = value;
    return this;
  }

  /**
   * The record as JSON, ready for {@link PdsSession#createRecord}.
   *
   * @return {@code {"$type":"app.bsky.feed.post","text",…,"embed":{"$type":"app.bsky.embed.video",…},"createdAt"}}
   */
  public ObjectNode toRecord() {
    ObjectNode embed = LexJson.mapper().createObjectNode().put("$type", "app.bsky.embed.video");
    embed.set("video", LexJson.mapper().valueToTree(video));
    if (!captions.isEmpty()) {
      ArrayNode list = embed.putArray("captions");
      captions.forEach(list::add);
    }
    if (alt != null) {
      embed.put("alt", alt);
    }
    if (width > 0) {
      embed.putObject("aspectRatio").put("width", width).put("height", height);
    }
    if (presentation != null) {
      embed.put("presentation", presentation);
    }
    ObjectNode record = LexJson.mapper().createObjectNode().put("$type", COLLECTION).put("text", text);
    record.set("embed", embed);
    // Millisecond precision, as atproto clients write datetimes.
    record.put("createdAt", createdAt.truncatedTo(ChronoUnit.MILLIS).toString());
    return record;
  }

  private static int graphemes(String text) {
    java.text.BreakIterator it = java.text.BreakIterator.getCharacterInstance();
    it.setText(text);
    int count = 0;
    while (it.next() != java.text.BreakIterator.DONE) {
      count++;
    }
    return count;
  }
}
