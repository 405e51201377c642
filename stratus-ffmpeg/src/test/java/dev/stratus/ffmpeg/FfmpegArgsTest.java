package dev.stratus.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.core.media.Ladder;
import dev.stratus.core.media.MediaInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FfmpegArgsTest {
  private static final Path FFMPEG = Path.of("/opt/ffmpeg/ffmpeg");
  private static final Path INPUT = Path.of("/work/job1/input");
  private static final Path OUT = Path.of("/work/job1/out");

  @Test
  void landscape1080pWithAudioGetsBlobThreeRungsAndThumbnailFromOneDecode() {
    MediaInfo info =
        new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", "h264", 1920, 1080, 3.0, 30, 90, 0, "aac", 1);

    List<String> argv = FfmpegArgs.transcode(FFMPEG, INPUT, info, Ladder.forSource(info), OUT);

    assertThat(argv)
        .containsExactlyElementsOf(
            options(
                """
                /opt/ffmpeg/ffmpeg
                -hide_banner
                -nostdin
                -y
                -loglevel error
                -protocol_whitelist file
                -format_whitelist mov,matroska,webm,mpeg,mpegts,avi,flv,asf,ogg,gif
                -f mov
                -i /work/job1/input
                -filter_complex [0:v:0]format=yuv420p,split=5[m][r0][r1][r2][t];\
                [m]scale=1920:1080,setsar=1[mv];\
                [r0]scale=640:360,setsar=1[v0];\
                [r1]scale=1280:720,setsar=1[v1];\
                [r2]scale=1920:1080,setsar=1[v2];\
                [t]trim=start=1:duration=2,scale=1280:720,setsar=1,thumbnail=30[tv]
                -map [mv]
                -map 0:a:0
                -c:v libx264
                -preset veryfast
                -profile:v high
                -crf 23
                -maxrate 6000k
                -bufsize 12000k
                -c:a aac
                -b:a 128k
                -ac 2
                -map_metadata -1
                -map_chapters -1
                -movflags +faststart
                -brand isom
                -f mp4
                /work/job1/out/video.mp4
                -map [v0]
                -map [v1]
                -map [v2]
                -map 0:a:0
                -map 0:a:0
                -map 0:a:0
                -c:v libx264
                -preset veryfast
                -profile:v high
                -crf 23
                -force_key_frames expr:gte(t,n_forced*4)
                -sc_threshold 0
                -maxrate:v:0 1000k
                -bufsize:v:0 2000k
                -maxrate:v:1 3000k
                -bufsize:v:1 6000k
                -maxrate:v:2 6000k
                -bufsize:v:2 12000k
                -c:a aac
                -b:a 128k
                -ac 2
                -map_metadata -1
                -map_chapters -1
                -f hls
                -hls_time 4
                -hls_playlist_type vod
                -hls_flags independent_segments
                -hls_segment_type mpegts
                -hls_segment_filename /work/job1/out/%v/video%d.ts
                -master_pl_name playlist.m3u8
                -var_stream_map v:0,a:0,name:360p v:1,a:1,name:720p v:2,a:2,name:1080p
                /work/job1/out/%v/video.m3u8
                -map [tv]
                -frames:v 1
                -update 1
                -q:v 3
                /work/job1/out/thumbnail.jpg
                -progress pipe:1
                -stats_period 1
                """));
  }

  @Test
  void silentPortraitAt120FpsIsCappedTo60AndMapsNoAudio() {
    MediaInfo info =
        new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", "hevc", 720, 1280, 10.0, 120, 1200, 90, null, 0);

    List<String> argv = FfmpegArgs.transcode(FFMPEG, INPUT, info, Ladder.forSource(info), OUT);

    assertThat(argv)
        .containsExactlyElementsOf(
            options(
                """
                /opt/ffmpeg/ffmpeg
                -hide_banner
                -nostdin
                -y
                -loglevel error
                -protocol_whitelist file
                -format_whitelist mov,matroska,webm,mpeg,mpegts,avi,flv,asf,ogg,gif
                -f mov
                -i /work/job1/input
                -filter_complex [0:v:0]fps=60,format=yuv420p,split=4[m][r0][r1][t];\
                [m]scale=720:1280,setsar=1[mv];\
                [r0]scale=360:640,setsar=1[v0];\
                [r1]scale=720:1280,setsar=1[v1];\
                [t]trim=start=1:duration=2,scale=720:1280,setsar=1,thumbnail=60[tv]
                -map [mv]
                -c:v libx264
                -preset veryfast
                -profile:v high
                -crf 23
                -maxrate 4000k
                -bufsize 8000k
                -map_metadata -1
                -map_chapters -1
                -movflags +faststart
                -brand isom
                -f mp4
                /work/job1/out/video.mp4
                -map [v0]
                -map [v1]
                -c:v libx264
                -preset veryfast
                -profile:v high
                -crf 23
                -force_key_frames expr:gte(t,n_forced*4)
                -sc_threshold 0
                -maxrate:v:0 1000k
                -bufsize:v:0 2000k
                -maxrate:v:1 3000k
                -bufsize:v:1 6000k
                -map_metadata -1
                -map_chapters -1
                -f hls
                -hls_time 4
                -hls_playlist_type vod
                -hls_flags independent_segments
                -hls_segment_type mpegts
                -hls_segment_filename /work/job1/out/%v/video%d.ts
                -master_pl_name playlist.m3u8
                -var_stream_map v:0,name:360p v:1,name:720p
                /work/job1/out/%v/video.m3u8
                -map [tv]
                -frames:v 1
                -update 1
                -q:v 3
                /work/job1/out/thumbnail.jpg
                -progress pipe:1
                -stats_period 1
                """));
  }

  @Test
  void aCopiedRungTakesTheInputsVideoAndTheOthersItsKeyFrames() {
    MediaInfo info = new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", "h264", 1280, 720, 60.0, 30, 1800, 0, "aac", 2,
        "yuv420p", "High");

    List<String> argv = FfmpegArgs.withCopiedRung(FFMPEG, INPUT, info, Ladder.forSource(info), OUT, 1, true);

    assertThat(argv)
        .containsExactlyElementsOf(
            options(
                """
                /opt/ffmpeg/ffmpeg
                -hide_banner
                -nostdin
                -y
                -loglevel error
                -protocol_whitelist file
                -format_whitelist mov,matroska,webm,mpeg,mpegts,avi,flv,asf,ogg,gif
                -f mov
                -i /work/job1/input
                -filter_complex [0:v:0]format=yuv420p,split=2[r0][t];\
                [r0]scale=640:360,setsar=1[v0];\
                [t]trim=start=1:duration=2,scale=1280:720,setsar=1,thumbnail=30[tv]
                -map 0:v:0
                -map 0:a:0
                -c copy
                -map_metadata -1
                -map_chapters -1
                -movflags +faststart
                -brand isom
                -f mp4
                /work/job1/out/video.mp4
                -map [v0]
                -map 0:v:0
                -map 0:a:0
                -map 0:a:0
                -c:v:0 libx264
                -preset:v:0 veryfast
                -profile:v:0 high
                -crf:v:0 23
                -force_key_frames:v:0 source
                -sc_threshold:v:0 0
                -maxrate:v:0 1000k
                -bufsize:v:0 2000k
                -c:v:1 copy
                -c:a copy
                -map_metadata -1
                -map_chapters -1
                -f hls
                -hls_time 4
                -hls_playlist_type vod
                -hls_flags independent_segments
                -hls_segment_type mpegts
                -hls_segment_filename /work/job1/out/%v/video%d.ts
                -master_pl_name playlist.m3u8
                -var_stream_map v:0,a:0,name:360p v:1,a:1,name:720p
                /work/job1/out/%v/video.m3u8
                -map [tv]
                -frames:v 1
                -update 1
                -q:v 3
                /work/job1/out/thumbnail.jpg
                -progress pipe:1
                -stats_period 1
                """));
    assertThat(FfmpegArgs.withCopiedRung(FFMPEG, INPUT, info, Ladder.forSource(info), OUT, 1, false))
        .doesNotContain("/work/job1/out/video.mp4");
  }

  @Test
  void shortClipThumbnailStartsAThirdIn() {
    MediaInfo info = new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", "h264", 640, 480, 0.5, 0, 0, 0, null, 0);

    String graph = FfmpegArgs.filterGraph(info, Ladder.forSource(info));

    // Unknown rate: a one-second window is guessed at 30 frames.
    assertThat(graph).endsWith("[t]trim=start=0.167:duration=2,scale=960:720,setsar=1,thumbnail=30[tv]");
  }

  /**
   * The expected argv, one option per line: a line is split at its first space into the option and
   * its value, so values with spaces (the stream map) stay whole.
   */
  private static List<String> options(String lines) {
    return lines.lines().flatMap(line -> Arrays.stream(line.split(" ", 2))).toList();
  }

  @Test
  void aGrowingLadderHasShortFirstSegmentsAndEventPlaylistsAndNoBlob() {
    MediaInfo info =
        new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", "h264", 1920, 1080, 60.0, 30, 1800, 0, "aac", 1);

    List<String> argv = FfmpegArgs.growingLadder(FFMPEG, INPUT, info, Ladder.forSource(info), OUT);
    String joined = String.join(" ", argv);

    assertThat(joined).doesNotContain("video.mp4").doesNotContain("-hls_playlist_type vod");
    assertThat(joined).contains("-hls_init_time 1 -hls_playlist_type event -hls_flags independent_segments");
    assertThat(argv).containsSequence("-force_key_frames", "expr:if(lt(t,4),gte(t,n_forced),gte(t,4+(n_forced-4)*4))");
    // The plain ladder keeps whole segments from the start.
    assertThat(FfmpegArgs.ladderOnly(FFMPEG, INPUT, info, Ladder.forSource(info), OUT))
        .containsSequence("-force_key_frames", "expr:gte(t,n_forced*4)")
        .containsSequence("-hls_playlist_type", "vod");
  }

  @Test
  void theBlobFromARungIsAStreamCopyOfItsOwnLocalSegments() {
    assertThat(String.join(" ", FfmpegArgs.blobFromRung(FFMPEG, OUT, "1080p"))).isEqualTo(
        "/opt/ffmpeg/ffmpeg -hide_banner -nostdin -y -loglevel error -protocol_whitelist file -f hls"
            + " -i /work/job1/out/1080p/video.m3u8 -map 0:v:0 -map 0:a:0? -c copy -bsf:a aac_adtstoasc"
            + " -map_metadata -1 -map_chapters -1 -movflags +faststart -brand isom -f mp4 /work/job1/out/video.mp4");
  }

  @Test
  void numbersArePlainDecimals() {
    assertThat(FfmpegArgs.number(1.0)).isEqualTo("1");
    assertThat(FfmpegArgs.number(60)).isEqualTo("60");
    assertThat(FfmpegArgs.number(30000.0 / 1001)).isEqualTo("29.97");
    assertThat(FfmpegArgs.number(1e-9)).isEqualTo("0");
  }

  @Test
  void everyRunAfterTheProbeReadsTheInputAsTheContainerTheProbeFound() {
    assertThat(InputWhitelist.pinned("mov,mp4,m4a,3gp,3g2,mj2")).containsSubsequence("-f", "mov");
    assertThat(InputWhitelist.pinned("matroska,webm")).containsSubsequence("-f", "matroska");
    assertThat(InputWhitelist.pinned("mpegts")).containsSubsequence("-f", "mpegts");
    assertThat(InputWhitelist.pinned("matroska,webm")).containsSubsequence("-protocol_whitelist", "file");
    for (String manifest : new String[] {"hls", "dash", "concat", "image2", "tty"}) {
      assertThatThrownBy(() -> InputWhitelist.pinned(manifest)).as(manifest).isInstanceOf(IllegalArgumentException.class);
    }
    MediaInfo webm = new MediaInfo("matroska,webm", "vp9", 1280, 720, 2.0, 30, 60, 0, null, 0);
    List<String> blob = FfmpegArgs.blobOnly(FFMPEG, INPUT, webm, Ladder.forSource(webm), OUT, false);
    assertThat(blob.subList(0, blob.indexOf("-i"))).containsSubsequence("-f", "matroska");
  }
}
