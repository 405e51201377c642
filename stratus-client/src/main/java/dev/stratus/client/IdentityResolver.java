package dev.stratus.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Finds an account's PDS from its handle or DID: the handle through
 * {@code com.atproto.identity.resolveHandle} at a resolver (an AppView or any PDS), the DID
 * document from the PLC directory ({@code did:plc}) or the host itself ({@code did:web}), and in it
 * the {@code #atproto_pds} service.
 */
final class IdentityResolver {
  private final URI handleResolver;
  private final URI plcDirectory;
  private final HttpClient http;
  private final Duration timeout;

  IdentityResolver(URI handleResolver, URI plcDirectory, HttpClient http, Duration timeout) {
    this.handleResolver = handleResolver;
    this.plcDirectory = plcDirectory;
    this.http = http;
    this.timeout = timeout;
  }

  /** The DID a handle or DID names. */
  String did(String identifier) {
    if (identifier.startsWith("did:")) {
      return identifier;
    }
    String handle = identifier.startsWith("@") ? identifier.substring(1) : identifier;
    JsonNode answer = new XrpcTransport(handleResolver, http, timeout)
        .get("com.atproto.identity.resolveHandle", "handle=" + XrpcTransport.encode(handle), null);
    return answer.path("did").asText();
  }

  /** The base URL of the PDS that holds {@code did}'s repository. */
  URI pds(String did) {
    URI documentUrl;
    if (did.startsWith("did:plc:")) {
      documentUrl = URI.create(plcDirectory + "/" + did);
    } else if (did.startsWith("did:web:")) {
      String host = URLDecoder.decode(did.substring("did:web:".length()), StandardCharsets.UTF_8);
      documentUrl = URI.create("https://" + host + "/.well-known/did.json");
    } else {
      throw new IllegalArgumentException(did + ": only did:plc and did:web accounts can be resolved");
    }
    JsonNode document = new XrpcTransport(documentUrl, http, timeout).getDocument();
    for (JsonNode service : document.path("service")) {
      String id = service.path("id").asText();
      if (id.equals("#atproto_pds") || id.equals(did + "#atproto_pds")) {
        return URI.create(service.path("serviceEndpoint").asText());
      }
    }
    throw new IllegalStateException(did + " names no PDS (#atproto_pds) in its DID document");
  }
}
