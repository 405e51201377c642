package dev.stratus.firehose;

import static dev.stratus.firehose.TestFrames.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.atproto.Cid;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
  private static final String DID = "did:plc:firehoseposter";
  private final FrameDecoder decoder = new FrameDecoder();
  private final byte[] video = TestFrames.blobCid("the video's bytes".getBytes(StandardCharsets.UTF_8));
  private final byte[] english = TestFrames.blobCid("WEBVTT en".getBytes(StandardCharsets.UTF_8));

  @Test
  void aPostWithAVideoIsFoundWithEverythingItsEmbedSays() {
    Map<String, Object> embed = TestFrames.videoEmbed(video, 12_345);
    embed.put("aspectRatio", map("width", 1080L, "height", 1920L));
    embed.put("alt", "a cat");
    embed.put("captions", List.of(map("lang", "en",
        "file", map("$type", "blob", "ref", new TestFrames.Link(english), "mimeType", "text/vtt", "size", 99L))));
    byte[] frame = TestFrames.commit(42, DID, List.<Object[]>of(
        new Object[] {"create", "app.bsky.feed.post/3kpost", TestFrames.post(embed)},
        new Object[] {"create", "app.bsky.feed.like/3klike", map("$type", "app.bsky.feed.like")}));

    Event.Commit commit = (Event.Commit) decoder.decode(frame);

    assertThat(commit.seq()).isEqualTo(42);
    assertThat(commit.did()).isEqualTo(DID);
    assertThat(commit.deletedPosts()).isEmpty();
    assertThat(commit.videos()).singleElement().satisfies(post -> {
      assertThat(post.rkey()).isEqualTo("3kpost");
      assertThat(post.video()).isEqualTo(Cid.ofSha256(java.util.Arrays.copyOfRange(video, 4, 36))).startsWith("bafkrei");
      assertThat(post.mimeType()).isEqualTo("video/mp4");
      assertThat(post.size()).isEqualTo(12_345);
      assertThat(post.width()).isEqualTo(1080);
      assertThat(post.height()).isEqualTo(1920);
      assertThat(post.alt()).isEqualTo("a cat");
      assertThat(post.captions()).containsExactly(new PostedVideo.Caption("en", new CidLink(english).toString(), 99));
    });
  }

  @Test
  void aVideoAsTheMediaOfAQuotePostIsFoundToo() {
    Map<String, Object> quote = map("$type", "app.bsky.embed.recordWithMedia",
        "record", map("$type", "app.bsky.embed.record", "record", map("uri", "at://did:plc:x/app.bsky.feed.post/1")),
        "media", TestFrames.videoEmbed(video, 7));
    Event.Commit commit = (Event.Commit) decoder.decode(TestFrames.commit(1, DID, List.<Object[]>of(
        new Object[] {"update", "app.bsky.feed.post/3kquote", TestFrames.post(quote)})));

    assertThat(commit.videos()).extracting(PostedVideo::rkey).containsExactly("3kquote");
  }

  @Test
  void postsWithoutVideoAndDeletesAreToldApart() {
    Map<String, Object> images = map("$type", "app.bsky.embed.images", "images", List.of());
    Event.Commit commit = (Event.Commit) decoder.decode(TestFrames.commit(2, DID, List.<Object[]>of(
        new Object[] {"create", "app.bsky.feed.post/3kimages", TestFrames.post(images)},
        new Object[] {"create", "app.bsky.feed.post/3ktext", map("$type", "app.bsky.feed.post", "text", "no embed")},
        new Object[] {"delete", "app.bsky.feed.post/3kgone", null},
        new Object[] {"delete", "app.bsky.graph.follow/3kfollow", null})));

    assertThat(commit.videos()).isEmpty();
    assertThat(commit.deletedPosts()).containsExactly("3kgone");
  }

  @Test
  void aRecordWithAFloatIsNotAtprotoDataAndIsSkipped() {
    Map<String, Object> embed = TestFrames.videoEmbed(video, 7);
    embed.put("aspectRatio", map("width", 1.5, "height", 1L));
    Event.Commit commit = (Event.Commit) decoder.decode(TestFrames.commit(3, DID, List.<Object[]>of(
        new Object[] {"create", "app.bsky.feed.post/3kfloat", TestFrames.post(embed)})));

    assertThat(commit.videos()).isEmpty();
  }

  @Test
  void aBlockWhoseBytesDoNotMatchItsCidBreaksTheStream() {
    byte[] frame = TestFrames.commit(4, DID, List.<Object[]>of(
        new Object[] {"create", "app.bsky.feed.post/3kpost", TestFrames.post(TestFrames.videoEmbed(video, 7))}));
    // Change one byte of the record's text inside the CAR slice: "hi" becomes "ho".
    String asText = new String(frame, StandardCharsets.ISO_8859_1);
    int at = asText.indexOf("dtextbhi");
    frame[at + "dtextbh".length()] = 'o';

    assertThatThrownBy(() -> decoder.decode(frame)).isInstanceOf(FrameException.class).hasMessageContaining("does not match its CID");
  }

  @Test
  void theOtherMessagesAreReadAndUnknownOnesKept() {
    assertThat(decoder.decode(TestFrames.cbor(map("op", 1L, "t", "#account"),
        map("seq", 5L, "did", DID, "time", "t", "active", false, "status", "takendown"))))
        .isEqualTo(new Event.Account(5, DID, false, "takendown"));
    assertThat(decoder.decode(TestFrames.cbor(map("op", 1L, "t", "#identity"), map("seq", 6L, "did", DID, "time", "t"))))
        .isEqualTo(new Event.Identity(6, DID));
    assertThat(decoder.decode(TestFrames.cbor(map("op", 1L, "t", "#info"), map("name", "OutdatedCursor"))))
        .isEqualTo(new Event.Info("OutdatedCursor", null));
    assertThat(decoder.decode(TestFrames.cbor(map("op", -1L), map("error", "FutureCursor", "message", "too far"))))
        .isEqualTo(new Event.Error("FutureCursor", "too far"));
    assertThat(decoder.decode(TestFrames.cbor(map("op", 1L, "t", "#tombstone"), map("seq", 7L, "did", DID))))
        .isEqualTo(new Event.Unknown("#tombstone", 7));
  }

  @Test
  void whatIsNotAFrameBreaksTheStream() {
    assertThatThrownBy(() -> decoder.decode("not cbor at all".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(FrameException.class);
    assertThatThrownBy(() -> decoder.decode(TestFrames.cbor(map("op", 1L, "t", "#info"))))
        .isInstanceOf(FrameException.class).hasMessageContaining("missing");
    assertThatThrownBy(() -> decoder.decode(TestFrames.cbor(map("op", 1L, "t", "#info"), map("name", "x"), map())))
        .isInstanceOf(FrameException.class).hasMessageContaining("more than two");
    assertThatThrownBy(() -> decoder.decode(TestFrames.cbor(map("op", 1L, "t", "#commit"), map("seq", "one"))))
        .isInstanceOf(FrameException.class);
  }
}
