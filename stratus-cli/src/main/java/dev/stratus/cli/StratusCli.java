package dev.stratus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stratus} command. */
@Command(
    name = "stratus",
    mixinStandardHelpOptions = true,
    version = "stratus 0.1.0",
    description = "A video service for the AT Protocol (app.bsky.video.*).",
    subcommands = {ServeCommand.class, TranscodeCommand.class})
public final class StratusCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new StratusCli()).execute(args));
  }
}
