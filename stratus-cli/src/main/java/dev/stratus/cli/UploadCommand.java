package dev.stratus.cli;

import dev.stratus.client.VideoClient;
import dev.stratus.lexicon.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stratus upload FILE}: upload a video, follow its processing, print the final job status. */
@Command(name = "upload", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Upload a video to the video service and wait until it is processed.")
final class UploadCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The video.")
  Path file;

  @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:STRATUS_TOKEN}",
      description = "A service-auth token for com.atproto.repo.uploadBlob, minted elsewhere (env STRATUS_TOKEN).")
  @Nullable String token;

  @Option(names = "--mime", paramLabel = "TYPE", description = "The video's type (default: from its extension).")
  @Nullable String mime;

  @Option(names = "--no-wait", description = "Print the new job and exit without following it.")
  boolean noWait;

  @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "30",
      description = "How long to wait for processing (default ${DEFAULT-VALUE} minutes).")
  long timeoutMinutes;

  @Mixin ServiceOptions service;
  @Mixin AccountOptions account;
  @Mixin Output output;

  @Override
  public Integer call() throws Exception {
    output.bind(spec.commandLine());
    VideoUpload.requireFile(file);
    String type = VideoUpload.mimeType(file, mime);
    VideoClient client = service.client(account.tokens(token, service.serviceDid()));
    JobStatus job = VideoUpload.send(client, file, type, output);
    output.note("uploaded: job " + job.jobId());
    JobStatus done = noWait ? job : VideoUpload.follow(client, job, output, Duration.ofMinutes(timeoutMinutes));
    output.result(done, Output.describe(done));
    VideoUpload.requireCompleted(done);
    return ExitCode.OK.code;
  }
}
