package dev.stratus.cli;

import dev.stratus.atproto.Did;
import dev.stratus.client.TokenProvider;
import dev.stratus.client.VideoClient;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Which video service the client commands talk to. */
final class ServiceOptions {
  @Option(names = "--service", paramLabel = "URL", defaultValue = "${env:STRATUS_SERVICE:-https://video.bsky.app}",
      description = "The video service (env STRATUS_SERVICE; default ${DEFAULT-VALUE}).")
  String url = "https://video.bsky.app";

  @Option(names = "--service-did", paramLabel = "DID",
      description = "The service's DID, the audience of its tokens (default did:web: and the URL's host).")
  @Nullable String did;

  /** The DID tokens for the service name: given, or {@code did:web:} + host (with a port, percent-encoded). */
  String serviceDid() {
    if (did != null) {
      return did;
    }
    try {
      return Did.web(URI.create(url));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--service " + url + " is not an http(s) URL");
    }
  }

  VideoClient client(@Nullable TokenProvider tokens) {
    VideoClient.Builder builder = VideoClient.builder().serviceUrl(url).timeout(Duration.ofSeconds(20));
    if (tokens != null) {
      builder.tokens(tokens);
    }
    return builder.build();
  }
}
