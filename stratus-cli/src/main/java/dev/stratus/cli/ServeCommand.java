package dev.stratus.cli;

import ch.qos.logback.classic.LoggerContext;
import dev.stratus.server.Config;
import dev.stratus.server.ConfigException;
import dev.stratus.server.Services;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code stratus serve}: the API and the workers in one process. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the video service.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--port", description = "HTTP port (env STRATUS_PORT, default 2590).")
  @Nullable Integer port;

  @Option(names = "--host", description = "Address to listen on (env STRATUS_HOST, default 0.0.0.0).")
  @Nullable String host;

  @Option(names = "--data", description = "Data folder (env STRATUS_DATA_DIR, default ./stratus-data).")
  @Nullable Path data;

  @Option(names = "--workers", description = "Jobs processed at once (env STRATUS_WORKERS, default 1).")
  @Nullable Integer workers;

  @Option(names = "--role", paramLabel = "ROLE",
      description = "all (default), api (uploads and playback, no encoding) or worker (encoding only) (env STRATUS_ROLE).")
  @Nullable String role;

  @Option(
      names = "--dev",
      description = "Development mode: accept unverified tokens (env STRATUS_DEV=1). Never in production.")
  boolean dev;

  @Option(
      names = "--stop-when-ready",
      hidden = true,
      description = "Start, then stop at once: the launcher's run that records what startup loads.")
  boolean stopWhenReady;

  @Override
  public Integer call() throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (port != null) {
      env.put("STRATUS_PORT", port.toString());
    }
    if (host != null) {
      env.put("STRATUS_HOST", host);
    }
    if (data != null) {
      env.put("STRATUS_DATA_DIR", data.toString());
    }
    if (workers != null) {
      env.put("STRATUS_WORKERS", workers.toString());
    }
    if (dev) {
      env.put("STRATUS_DEV", "1");
    }
    if (role != null) {
      env.put("STRATUS_ROLE", role);
    }
    Config config;
    try {
      config = Config.fromEnvironment(env);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    Services services = Services.start(config, Clock.systemUTC());
    if (stopWhenReady) {
      // The launcher records the startup cache with this run: the start is all it needs to see.
      services.shutdown();
      return 0;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  services.shutdown();
                  stopped.countDown();
                  // A stop asked for (SIGTERM, Ctrl-C) and done in order is a success: exit 0,
                  // not the JVM's 143, once the logs are written out.
                  if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
                    logs.stop();
                  }
                  Runtime.getRuntime().halt(0);
                },
                "shutdown"));
    stopped.await();
    return 0;
  }
}
