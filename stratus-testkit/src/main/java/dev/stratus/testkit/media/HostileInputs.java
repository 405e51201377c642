package dev.stratus.testkit.media;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates the uploads a video service must survive: things that are not video, video that lies
 * about itself, video outside sane limits, and legitimate but unusual video. Each method writes one
 * file to {@code out} (whatever its name: the container is forced, so a test may disguise a file
 * under any extension) and returns it. Everything is tiny and encoded with the fastest presets.
 */
public final class HostileInputs {
  /** The side {@link #declaredHuge} claims; no picture of that size is ever encoded. */
  public static final int DECLARED_SIDE = 20_000;

  private static final String TONE = "sine=frequency=440:sample_rate=48000";
  private static final List<String> X264 =
      List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
  // Six different tones, so a downmix that dropped channels would not go unheard.
  private static final String SURROUND =
      "aevalsrc=sin(440*2*PI*t)|sin(494*2*PI*t)|sin(523*2*PI*t)|sin(587*2*PI*t)"
          + "|sin(659*2*PI*t)|0.1*sin(55*2*PI*t):c=5.1:s=48000";

  private final MediaFixtures fixtures;

  public HostileInputs(Path ffmpeg, Map<String, String> env) {
    this.fixtures = new MediaFixtures(ffmpeg, env);
  }

  /** Zero bytes. */
  public Path empty(Path out) throws IOException {
    return Files.write(out, new byte[0]);
  }

  /** 64 KiB of noise from a fixed seed, so a failure can be reproduced byte for byte. */
  public Path randomBytes(Path out) throws IOException {
    byte[] noise = new byte[64 * 1024];
    new Random(20_000).nextBytes(noise);
    return Files.write(out, noise);
  }

  /** A few lines of prose; ffmpeg's "tty" demuxer would happily render these as a video. */
  public Path text(Path out) throws IOException {
    String prose = "This is not a video.\nIt is a text file that says it is one.\n".repeat(40);
    return Files.writeString(out, prose, StandardCharsets.UTF_8);
  }

  /** One 320x240 JPEG still. */
  public Path jpeg(Path out) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(video("320x240", 25));
    argv.addAll(List.of("-frames:v", "1", "-f", "mjpeg"));
    encode(argv, out);
    return out;
  }

  /**
   * 2 s of 320x240 H.264 with AAC in MP4 as ffmpeg writes it without {@code +faststart}: the media
   * data first, the index ({@code moov}) after it, so a reader must seek to the end before playing.
   */
  public Path indexAtEnd(Path out) throws IOException, InterruptedException {
    List<String> argv = withTone(video("320x240", 25));
    argv.addAll(X264);
    argv.addAll(List.of("-c:a", "aac", "-f", "mp4"));
    encode(argv, out);
    byte[] file = Files.readAllBytes(out);
    int mdat = Mp4Boxes.offsetOf(file, "mdat");
    int moov = Mp4Boxes.offsetOf(file, "moov");
    if (mdat < 0 || moov < mdat) {
      throw new IOException("expected moov after mdat in " + out + ": " + Mp4Boxes.topLevel(file));
    }
    return out;
  }

  /** The first half of an {@link #indexAtEnd} MP4: media data whose index never arrives. */
  public Path truncatedMp4(Path out) throws IOException, InterruptedException {
    Path whole = indexAtEnd(out.resolveSibling(out.getFileName() + ".whole.mp4"));
    try {
      byte[] file = Files.readAllBytes(whole);
      byte[] half = Arrays.copyOf(file, file.length / 2);
      if (Mp4Boxes.offsetOf(half, "moov") >= 0 || Mp4Boxes.offsetOf(file, "moov") < half.length) {
        throw new IOException("the first half of " + whole + " still holds its index");
      }
      return Files.write(out, half);
    } finally {
      Files.deleteIfExists(whole);
    }
  }

  /**
   * An HLS playlist (text) whose segments are {@code remote} and {@code local}, the latter both as a
   * path and as a {@code file:} URL: a reader that follows it fetches from the network or reads
   * files it was never given.
   */
  public Path hlsPlaylist(Path out, URI remote, Path local) throws IOException {
    String playlist =
        String.join(
            "\n",
            "#EXTM3U",
            "#EXT-X-VERSION:3",
            "#EXT-X-TARGETDURATION:2",
            "#EXT-X-MEDIA-SEQUENCE:0",
            "#EXTINF:2.0,",
            remote.toString(),
            "#EXTINF:2.0,",
            local.toAbsolutePath().toString(),
            "#EXTINF:2.0,",
            local.toAbsolutePath().toUri().toString(),
            "#EXT-X-ENDLIST",
            "");
    return Files.writeString(out, playlist, StandardCharsets.US_ASCII);
  }

  /** A 1x1 H.264 video. 4:2:0 needs even sides, so it is High 4:4:4 (yuv444p), in MP4. */
  public Path onePixel(Path out) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("-f", "lavfi", "-i", "color=c=red:size=1x1:rate=10"));
    argv.addAll(List.of("-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p"));
    argv.addAll(List.of("-f", "mp4"));
    encode(argv, out);
    return out;
  }

  /**
   * A QuickTime file whose header declares a {@value #DECLARED_SIDE}x{@value #DECLARED_SIDE} AVS3
   * video over 16x16 of raw pixels: a decompression-bomb shape that costs nothing to make.
   *
   * <p>libavcodec refuses any picture over about 268 million pixels when it opens a decoder and
   * then reports 0x0, so ffprobe only passes the declared size through for a codec it has no
   * decoder for; AVS3 is a real codec that the bundled build lists but cannot decode.
   */
  public Path declaredHuge(Path out) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(video("16x16", 5));
    argv.addAll(List.of("-t", "1", "-c:v", "rawvideo", "-pix_fmt", "rgb24", "-f", "mov"));
    encode(argv, out);
    byte[] file = Files.readAllBytes(out);
    ByteBuffer buffer = ByteBuffer.wrap(file);
    Mp4Boxes.Box tkhd = Mp4Boxes.find(file, "moov", "trak", "tkhd").orElseThrow(() -> missing("tkhd", out));
    // The track header ends with width and height in 16.16 fixed point.
    buffer.putInt(tkhd.end() - 8, DECLARED_SIDE << 16);
    buffer.putInt(tkhd.end() - 4, DECLARED_SIDE << 16);
    Mp4Boxes.Box stsd =
        Mp4Boxes.find(file, "moov", "trak", "mdia", "minf", "stbl", "stsd").orElseThrow(() -> missing("stsd", out));
    // The first sample entry follows stsd's version, flags and entry count; in it the fourcc sits
    // at +4 and the 16-bit width and height at +32 and +34.
    int entry = stsd.payload() + 8;
    buffer.put(entry + 4, "avs3".getBytes(StandardCharsets.US_ASCII));
    buffer.putShort(entry + 32, (short) DECLARED_SIDE);
    buffer.putShort(entry + 34, (short) DECLARED_SIDE);
    return Files.write(out, file);
  }

  /** 32x640 H.264, an aspect ratio of 1:20. */
  public Path sliver(Path out) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(video("32x640", 10));
    argv.add("-t");
    argv.add("1");
    argv.addAll(X264);
    argv.addAll(List.of("-f", "mp4"));
    encode(argv, out);
    return out;
  }

  /** {@code minutes} of 64x64 H.264 at one frame a second: long, yet small and quick to make. */
  public Path longVideo(Path out, int minutes) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(video("64x64", 1));
    argv.add("-t");
    argv.add(String.valueOf(minutes * 60));
    argv.addAll(X264);
    argv.addAll(List.of("-f", "mp4"));
    encode(argv, out);
    return out;
  }

  /** 2 s of AAC in an MP4 (an .m4a) with no video stream at all. */
  public Path audioOnly(Path out) throws IOException, InterruptedException {
    encode(List.of("-f", "lavfi", "-i", TONE, "-t", "2", "-c:a", "aac", "-f", "mp4"), out);
    return out;
  }

  /** 2 s of 320x240 VP9 with Opus in WebM, as browsers record. */
  public Path vp9WebM(Path out) throws IOException, InterruptedException {
    List<String> argv = withTone(video("320x240", 25));
    argv.addAll(List.of("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "200k"));
    argv.addAll(List.of("-c:a", "libopus", "-f", "webm"));
    encode(argv, out);
    return out;
  }

  /** 2 s of 320x240 10-bit HEVC (Main 10, tagged hvc1 as iPhones write it) with AAC, in MOV. */
  public Path hevc10BitMov(Path out) throws IOException, InterruptedException {
    List<String> argv = withTone(video("320x240", 25));
    argv.addAll(List.of("-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error"));
    argv.addAll(List.of("-pix_fmt", "yuv420p10le", "-tag:v", "hvc1", "-c:a", "aac", "-f", "mov"));
    encode(argv, out);
    return out;
  }

  /**
   * 2 s of 320x240 H.264 with AAC whose frames come unevenly: of every 30 frames at 30 fps, frames
   * 10 to 19 are dropped and the rest keep their timestamps, so the stream's base rate is 30 fps
   * (ffprobe's {@code r_frame_rate}) but its average 20 ({@code avg_frame_rate}).
   */
  public Path variableFrameRate(Path out) throws IOException, InterruptedException {
    List<String> argv = withTone(video("320x240", 30));
    argv.addAll(List.of("-vf", "select='not(between(mod(n\\,30)\\,10\\,19))'", "-fps_mode", "vfr"));
    argv.addAll(X264);
    argv.addAll(List.of("-c:a", "aac", "-f", "mp4"));
    encode(argv, out);
    return out;
  }

  /** 2 s of 320x240 H.264 with six-channel (5.1) AAC, in MP4. */
  public Path surround51(Path out) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(video("320x240", 25));
    argv.addAll(List.of("-f", "lavfi", "-i", SURROUND, "-t", "2", "-map", "0:v", "-map", "1:a"));
    argv.addAll(X264);
    argv.addAll(List.of("-c:a", "aac", "-ac", "6", "-f", "mp4"));
    encode(argv, out);
    return out;
  }

  /** A 3 s animated GIF at 10 fps, 301x201: odd sides that 4:2:0 video cannot keep as they are. */
  public Path animatedGif(Path out) throws IOException, InterruptedException {
    // testsrc, not testsrc2: the latter rounds odd sizes down to even.
    List<String> argv = List.of("-f", "lavfi", "-i", "testsrc=size=301x201:rate=10", "-t", "3", "-f", "gif");
    encode(argv, out);
    return out;
  }

  private static List<String> video(String size, int rate) {
    return List.of("-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + rate);
  }

  /** {@code video} plus a tone as the second input, both mapped, 2 s long. */
  private static List<String> withTone(List<String> video) {
    List<String> argv = new ArrayList<>(video);
    argv.addAll(List.of("-f", "lavfi", "-i", TONE, "-t", "2", "-map", "0:v", "-map", "1:a"));
    return argv;
  }

  private void encode(List<String> argv, Path out) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(argv);
    all.add(out.toAbsolutePath().toString());
    fixtures.ffmpeg(all);
  }

  private static IOException missing(String box, Path file) {
    return new IOException("no " + box + " box in " + file);
  }
}
