package dev.stratus.server.ingest;

import dev.stratus.atproto.DidResolutionException;
import dev.stratus.atproto.DidResolver;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which accounts' videos are taken from the stream: all of them (an AppView), or only those of
 * accounts hosted on given PDS hosts (a PDS operator following a relay), by the PDS their DID
 * document names.
 */
public final class PdsHostFilter {
  private static final Logger LOG = LoggerFactory.getLogger(PdsHostFilter.class);

  private final Set<String> hosts;
  private final DidResolver resolver;

  /** @param hosts host names ({@code pds.example.com}); empty accepts every account */
  public PdsHostFilter(Set<String> hosts, DidResolver resolver) {
    this.hosts = hosts.stream().map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    this.resolver = resolver;
  }

  public boolean accepts(String did) {
    if (hosts.isEmpty()) {
      return true;
    }
    try {
      String host = resolver.resolve(did).pdsEndpoint().map(URI::getHost).orElse("");
      return hosts.contains(host.toLowerCase(Locale.ROOT));
    } catch (DidResolutionException e) {
      LOG.info("firehose: skipped a video of {}: {}", did, e.getMessage());
      return false;
    }
  }
}
