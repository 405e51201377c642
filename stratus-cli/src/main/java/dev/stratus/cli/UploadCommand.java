package dev.stratus.cli;

import dev.stratus.client.VideoClient;
import dev.stratus.lexicon.JobStatus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stratus upload FILE}: upload a video, follow its processing, print the final job status. */
@Command(name = "upload", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Upload a video to the video service and wait until it is processed.")
final class UploadCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:STRATUS_TOKEN}",
      description = "A service-auth token for com.atproto.repo.uploadBlob, minted elsewhere (env STRATUS_TOKEN).")
  @Nullable String token;

  @Option(names = "--no-wait", description = "Print the new job and exit without following it.")
  boolean noWait;


  @Mixin VideoFileOptions video;
  @Mixin WaitOptions waiting;
  @Mixin ServiceOptions service;
  @Mixin AccountOptions account;
  @Mixin Output output;

  @Override
  public Integer call() throws Exception {
    output.bind(spec.commandLine());
    Path file = video.file();
    String type = video.mimeType();
    VideoClient client = service.client(account.tokens(token, service.serviceDid()));
    JobStatus job = VideoUpload.send(client, file, type, output);
    output.note("uploaded: job " + job.jobId());
    JobStatus done = noWait ? job : VideoUpload.follow(client, job, output, waiting.limit());
    output.result(done, Output.describe(done));
    VideoUpload.requireCompleted(done);
    return ExitCode.OK.code;
  }
}
