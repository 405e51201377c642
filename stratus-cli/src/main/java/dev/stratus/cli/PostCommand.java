package dev.stratus.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.client.PdsSession;
import dev.stratus.client.VideoClient;
import dev.stratus.client.VideoPost;
import dev.stratus.core.media.MediaException;
import dev.stratus.core.media.MediaInfo;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.ffmpeg.FfmpegTranscoder;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.UploadLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stratus post FILE}: the whole Bluesky flow, as the app runs it. Log in; check the upload
 * limits; upload with a token addressed to the user's PDS; wait for processing; upload the caption
 * files; write an {@code app.bsky.feed.post} that embeds the video; print its {@code at://} URI.
 */
@Command(name = "post", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Post a video to Bluesky: upload it, wait for processing, then create the post.")
final class PostCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--text", paramLabel = "TEXT", defaultValue = "", description = "The post's text (up to 300 characters).")
  String text = "";

  @Option(names = "--alt", paramLabel = "TEXT", description = "Alt text: the video described for people who cannot see it.")
  @Nullable String alt;

  @Option(names = "--caption", paramLabel = "LANG=FILE.vtt",
      description = "A WebVTT caption track and its language, e.g. en=captions.vtt; repeat for more (up to 20).")
  List<String> captions = new ArrayList<>();

  @Option(names = "--gif", description = "Present the video as a GIF: muted, looping.")
  boolean gif;


  @Mixin VideoFileOptions video;
  @Mixin WaitOptions waiting;
  @Mixin ServiceOptions service;
  @Mixin AccountOptions account;
  @Mixin Output output;

  /** What {@code --json} prints. */
  record Posted(String uri, String cid, String jobId, BlobRef video) {}

  private record Caption(String language, Path file) {}

  @Override
  public Integer call() throws Exception {
    output.bind(spec.commandLine());
    Path file = video.file();
    String type = video.mimeType();
    List<Caption> tracks = captionTracks();
    VideoPost.checkText(text);
    MediaInfo shape = probe(file);

    PdsSession session = account.login();
    output.note("logged in as " + session.handle() + " (" + session.did() + ") on " + session.pdsUrl());
    VideoClient client = service.client(session.videoServiceTokens(service.serviceDid()));
    UploadLimits limits = client.getUploadLimits();
    if (!limits.canUpload()) {
      throw new CliFailure(ExitCode.LIMITS, Output.describe(limits));
    }

    JobStatus job = VideoUpload.send(client, file, type, output);
    JobStatus done = VideoUpload.follow(client, job, output, waiting.limit());
    VideoUpload.requireCompleted(done);

    // The probe's size is the displayed one: rotation and sample aspect ratio already applied.
    VideoPost post = VideoPost.of(done.blob()).text(text).aspectRatio(shape.width(), shape.height());
    if (alt != null) {
      post.alt(alt);
    }
    if (gif) {
      post.presentation("gif");
    }
    for (Caption track : tracks) {
      post.caption(track.language(), session.uploadBlob(track.file(), "text/vtt"));
    }
    ObjectNode record = post.toRecord();
    PdsSession.CreatedRecord created = session.createRecord(VideoPost.COLLECTION, record);
    output.result(new Posted(created.uri(), created.cid(), done.jobId(), done.blob()), created.uri());
    return ExitCode.OK.code;
  }

  /** The caption options, checked before anything is sent: a bad file is found in a second, not after an upload. */
  private List<Caption> captionTracks() throws IOException {
    if (captions.size() > VideoPost.MAX_CAPTIONS) {
      throw new CliFailure(ExitCode.USAGE, "a video holds at most " + VideoPost.MAX_CAPTIONS + " caption tracks");
    }
    List<Caption> tracks = new ArrayList<>();
    for (String option : captions) {
      int equals = option.indexOf('=');
      if (equals < 1) {
        throw new CliFailure(ExitCode.USAGE, "--caption " + option + ": write it as LANG=FILE.vtt, e.g. en=captions.vtt");
      }
      String language = option.substring(0, equals);
      VideoPost.checkLanguage(language);
      Path vtt = Path.of(option.substring(equals + 1));
      VideoUpload.requireFile(vtt);
      long size = Files.size(vtt);
      if (size > VideoPost.MAX_CAPTION_BYTES) {
        throw new CliFailure(ExitCode.USAGE,
            vtt + " is " + size + " bytes; a caption file holds at most " + VideoPost.MAX_CAPTION_BYTES);
      }
      byte[] head = new byte[6];
      int read;
      try (var in = Files.newInputStream(vtt)) {
        read = in.readNBytes(head, 0, head.length);
      }
      String start = new String(head, 0, read, java.nio.charset.StandardCharsets.UTF_8).replace("\uFEFF", "");
      if (!start.startsWith("WEBVTT")) {
        throw new CliFailure(ExitCode.USAGE, vtt + " is not a WebVTT file (it must begin with WEBVTT)");
      }
      tracks.add(new Caption(language, vtt));
    }
    return tracks;
  }

  /** The video's display size, for the post's aspect ratio; a file ffprobe cannot read is refused here. */
  private static MediaInfo probe(Path file) {
    try {
      return new FfmpegTranscoder(FfmpegBinaries.bundled()).probe(file);
    } catch (MediaException e) {
      throw new CliFailure(ExitCode.REJECTED, file + " is not a video that can be posted: " + e.getMessage(), e);
    }
  }
}
