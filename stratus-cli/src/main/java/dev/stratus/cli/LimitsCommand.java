package dev.stratus.cli;

import dev.stratus.lexicon.UploadLimits;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stratus limits}: how much the account may still upload today; exit 4 when nothing. */
@Command(name = "limits", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show how many videos and bytes you may still upload today (exit 4 when you cannot upload).")
final class LimitsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:STRATUS_TOKEN}",
      description = "A service-auth token for app.bsky.video.getUploadLimits (env STRATUS_TOKEN).")
  @Nullable String token;

  @Mixin ServiceOptions service;
  @Mixin AccountOptions account;
  @Mixin Output output;

  @Override
  public Integer call() {
    output.bind(spec.commandLine());
    UploadLimits limits = service.client(account.tokens(token, service.serviceDid())).getUploadLimits();
    output.result(limits, Output.describe(limits));
    return limits.canUpload() ? ExitCode.OK.code : ExitCode.LIMITS.code;
  }
}
