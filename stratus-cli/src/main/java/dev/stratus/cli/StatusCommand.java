package dev.stratus.cli;

import dev.stratus.client.VideoClient;
import dev.stratus.lexicon.JobStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stratus status JOBID [--follow]}: a job's state, once or until it ends. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show a job's status (no login needed).")
final class StatusCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOBID", description = "The job, as upload printed it.")
  String jobId;

  @Option(names = "--follow", description = "Follow the job until it completes or fails.")
  boolean follow;

  @Mixin WaitOptions waiting;
  @Mixin ServiceOptions service;
  @Mixin Output output;

  @Override
  public Integer call() throws Exception {
    output.bind(spec.commandLine());
    VideoClient client = service.client(null);
    JobStatus status = client.getJobStatus(jobId);
    if (follow) {
      status = VideoUpload.follow(client, status, output, waiting.limit());
    }
    output.result(status, Output.describe(status));
    VideoUpload.requireCompleted(status);
    return ExitCode.OK.code;
  }
}
