package dev.stratus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stratus} command. */
@Command(
    name = "stratus",
    mixinStandardHelpOptions = true,
    version = "stratus 0.1.0",
    description = "A video service for the AT Protocol (app.bsky.video.*).",
    subcommands = {ServeCommand.class, TranscodeCommand.class, UploadCommand.class, StatusCommand.class,
        LimitsCommand.class, PostCommand.class})
public final class StratusCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command with its failure handling: a client command's failure is one line on stderr and an
   * {@link ExitCode} that its help lists.
   */
  static CommandLine commandLine() {
    CommandLine command = new CommandLine(new StratusCli());
    command.setExecutionExceptionHandler(new FailureReport());
    for (String client : new String[] {"upload", "status", "limits", "post"}) {
      command.getSubcommands().get(client).getCommandSpec().usageMessage()
          .exitCodeListHeading("%nExit codes:%n")
          .exitCodeList(ExitCode.helpMap());
    }
    return command;
  }
}
