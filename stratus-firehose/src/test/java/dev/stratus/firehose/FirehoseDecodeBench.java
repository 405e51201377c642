package dev.stratus.firehose;

import static dev.stratus.firehose.TestFrames.map;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Frames decoded per second on one thread, over a stream shaped like the network's: most commits
 * are likes, follows and reposts, a quarter are text posts, one in twenty a post with a video (with
 * captions), and a few are account and identity events. Results go to the file named by
 * {@code -Dstratus.bench.out}.
 */
class FirehoseDecodeBench {
  private static final int FRAMES = 50_000;

  @Test
  void framesDecodedPerSecond() throws Exception {
    List<byte[]> stream = stream(new Random(11));
    long bytes = stream.stream().mapToLong(f -> f.length).sum();
    FrameDecoder decoder = new FrameDecoder();
    int videos = 0;
    for (byte[] frame : stream) { // warm-up
      if (decoder.decode(frame) instanceof Event.Commit commit) {
        videos += commit.videos().size();
      }
    }
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      long start = System.nanoTime();
      for (byte[] frame : stream) {
        decoder.decode(frame);
      }
      best = Math.min(best, System.nanoTime() - start);
    }
    double perSecond = FRAMES / (best / 1e9);
    String out = String.format(Locale.ROOT,
        "| frames | average size | video posts found | best of 3 rounds | frames per second (one thread) | vs 10,000/s target |%n"
            + "|---|---|---|---|---|---|%n| %,d | %,d B | %,d | %.2f s | %,.0f | %.1f× |%n",
        FRAMES, bytes / FRAMES, videos, best / 1e9, perSecond, perSecond / 10_000);
    System.out.print(out);
    String target = System.getProperty("stratus.bench.out");
    if (target != null) {
      Files.writeString(Path.of(target), out);
    }
  }

  private static List<byte[]> stream(Random random) {
    List<byte[]> frames = new ArrayList<>(FRAMES);
    for (int i = 0; i < FRAMES; i++) {
      String did = "did:plc:" + String.format("%024d", random.nextInt(100_000));
      int kind = random.nextInt(100);
      String rkey = "3k" + Long.toString(random.nextLong() & Long.MAX_VALUE, 32);
      if (kind < 2) {
        frames.add(TestFrames.cbor(map("op", 1L, "t", "#identity"), map("seq", (long) i, "did", did, "time", "t")));
      } else if (kind < 70) {
        String subject = "at://" + did + "/app.bsky.feed.post/" + rkey;
        frames.add(TestFrames.commit(i, did, List.<Object[]>of(new Object[] {"create", "app.bsky.feed.like/" + rkey,
            map("$type", "app.bsky.feed.like", "subject", map("uri", subject, "cid", "bafyreib2rxk3rh6kzwq"),
                "createdAt", "2026-12-02T00:00:00.000Z")})));
      } else if (kind < 95) {
        frames.add(TestFrames.commit(i, did, List.<Object[]>of(new Object[] {"create", "app.bsky.feed.post/" + rkey,
            map("$type", "app.bsky.feed.post", "text", "a post of some length, as people write them ".repeat(3),
                "langs", List.of("en"), "createdAt", "2026-12-02T00:00:00.000Z")})));
      } else {
        byte[] video = TestFrames.blobCid(("video " + i).getBytes(StandardCharsets.UTF_8));
        var embed = TestFrames.videoEmbed(video, 5_000_000L + i);
        embed.put("aspectRatio", map("width", 1080L, "height", 1920L));
        embed.put("captions", List.of(map("lang", "en", "file", map("$type", "blob",
            "ref", new TestFrames.Link(TestFrames.blobCid(("vtt " + i).getBytes(StandardCharsets.UTF_8))),
            "mimeType", "text/vtt", "size", 900L))));
        frames.add(TestFrames.commit(i, did, List.<Object[]>of(
            new Object[] {"create", "app.bsky.feed.post/" + rkey, TestFrames.post(embed)})));
      }
    }
    return frames;
  }
}
