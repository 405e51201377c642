package dev.stratus.cli;

import dev.stratus.client.PdsSession;
import dev.stratus.client.TokenProvider;
import dev.stratus.client.XrpcException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Who uploads: a handle and app password (logged in to the PDS, which then mints the tokens), or a
 * service-auth token minted elsewhere. Every value can come from the environment, so that secrets
 * stay out of shell history.
 */
final class AccountOptions {
  @Option(names = "--handle", paramLabel = "HANDLE", defaultValue = "${env:STRATUS_HANDLE}",
      description = "Your handle or DID (env STRATUS_HANDLE).")
  @Nullable String handle;

  @Option(names = "--app-password", paramLabel = "PASSWORD", defaultValue = "${env:STRATUS_APP_PASSWORD}",
      description = "An app password from your account's settings (env STRATUS_APP_PASSWORD).")
  @Nullable String appPassword;

  @Option(names = "--pds", paramLabel = "URL", defaultValue = "${env:STRATUS_PDS}",
      description = "Your PDS (env STRATUS_PDS; default: found from your handle).")
  @Nullable String pds;

  @Option(names = "--plc", paramLabel = "URL", defaultValue = "${env:STRATUS_PLC:-https://plc.directory}",
      description = "The PLC directory for finding your PDS (env STRATUS_PLC; default ${DEFAULT-VALUE}).")
  String plc = "https://plc.directory";

  @Option(names = "--resolver", paramLabel = "URL", defaultValue = "${env:STRATUS_RESOLVER:-https://public.api.bsky.app}",
      description = "Where handles are resolved (env STRATUS_RESOLVER; default ${DEFAULT-VALUE}).")
  String resolver = "https://public.api.bsky.app";

  boolean hasLogin() {
    return handle != null && appPassword != null;
  }

  /** Logs in with the handle and app password; a refusal is an {@link ExitCode#AUTH} failure in plain words. */
  PdsSession login() {
    if (handle == null || appPassword == null) {
      throw new CliFailure(ExitCode.USAGE, "give --handle and --app-password (or STRATUS_HANDLE and STRATUS_APP_PASSWORD)");
    }
    try {
      return PdsSession.builder().identifier(handle).password(appPassword).pdsUrl(pds).plcUrl(plc)
          .handleResolverUrl(resolver).login();
    } catch (XrpcException e) {
      if (e.status() == 401) {
        throw new CliFailure(ExitCode.AUTH, "login as " + handle + " failed: " + e.serviceMessage()
            + " (use an app password: Settings, Privacy and security, App passwords)", e);
      }
      if (e.status() == 400 && pds == null) {
        throw new CliFailure(ExitCode.AUTH, "cannot find the account " + handle + ": " + e.serviceMessage(), e);
      }
      throw e;
    }
  }

  /** The tokens for {@code serviceDid}: the given token, or ones the PDS mints after a login. */
  TokenProvider tokens(@Nullable String token, String serviceDid) {
    if (token != null) {
      return TokenProvider.fixed(token);
    }
    if (!hasLogin()) {
      throw new CliFailure(ExitCode.USAGE,
          "give --token, or --handle and --app-password (or STRATUS_TOKEN, STRATUS_HANDLE, STRATUS_APP_PASSWORD)");
    }
    return login().videoServiceTokens(serviceDid);
  }
}
