package dev.stratus.atproto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The parts of a DID document that atproto services use.
 *
 * @param id the DID the document describes
 * @param signingKey the {@code #atproto} verification method's key: the first entry with id {@code
 *     #atproto} or {@code <did>#atproto} whose type is {@code Multikey} or a legacy type and whose
 *     key decodes; empty if there is none
 * @param pdsEndpoint the {@code #atproto_pds} service's {@code serviceEndpoint}: the first entry
 *     with id {@code #atproto_pds} or {@code <did>#atproto_pds}, type {@code
 *     AtprotoPersonalDataServer} and an http(s) URL with a host; empty if there is none
 */
public record DidDocument(String id, Optional<SigningKey> signingKey, Optional<URI> pdsEndpoint) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PDS_SERVICE_TYPE = "AtprotoPersonalDataServer";

  /**
   * Parses a DID document.
   *
   * @throws IllegalArgumentException if it is not a JSON object with a string {@code id}
   */
  public static DidDocument parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("DID document is not JSON: " + e.getOriginalMessage(), e);
    }
    return fromJson(root);
  }

  /** Reads a parsed DID document; see {@link #parse}. */
  public static DidDocument fromJson(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("DID document is not a JSON object");
    }
    JsonNode id = root.get("id");
    if (id == null || !id.isTextual()) {
      throw new IllegalArgumentException("DID document has no string id");
    }
    String did = id.asText();
    return new DidDocument(did, findSigningKey(root, did), findPdsEndpoint(root, did));
  }

  /**
   * The DID the PDS names itself by: {@code did:web:} and the host of {@link #pdsEndpoint}, without
   * port, as the reference PDS derives its service DID from its hostname (a PDS at {@code
   * http://localhost:2583} is {@code did:web:localhost}).
   */
  public Optional<String> pdsAudience() {
    return pdsEndpoint.map(url -> "did:web:" + url.getHost().toLowerCase(Locale.ROOT));
  }

  private static Optional<SigningKey> findSigningKey(JsonNode root, String did) {
    for (JsonNode method : root.path("verificationMethod")) {
      if (!isEntry(method, did, "atproto")) {
        continue;
      }
      Optional<SigningKey> key = decodeKey(method);
      if (key.isPresent()) {
        return key;
      }
    }
    return Optional.empty();
  }

  private static Optional<SigningKey> decodeKey(JsonNode method) {
    String type = method.path("type").asText("");
    JsonNode multibase = method.get("publicKeyMultibase");
    if (multibase == null || !multibase.isTextual()) {
      return Optional.empty();
    }
    try {
      if (type.equals("Multikey")) {
        return Optional.of(Multikey.decode(multibase.asText()));
      }
      return KeyType.forLegacyTypeName(type)
          .map(keyType -> LegacyMultibaseKey.decode(keyType, multibase.asText()));
    } catch (IllegalArgumentException e) {
      // Like the reference, the first *valid* #atproto key wins; a broken one is skipped.
      return Optional.empty();
    }
  }

  private static Optional<URI> findPdsEndpoint(JsonNode root, String did) {
    for (JsonNode service : root.path("service")) {
      if (!isEntry(service, did, "atproto_pds")
          || !PDS_SERVICE_TYPE.equals(service.path("type").asText())) {
        continue;
      }
      Optional<URI> url = httpUrl(service.path("serviceEndpoint"));
      if (url.isPresent()) {
        return url;
      }
    }
    return Optional.empty();
  }

  /** Entries are named relative ({@code #atproto}) or fully qualified ({@code did…#atproto}). */
  private static boolean isEntry(JsonNode entry, String did, String fragment) {
    String entryId = entry.path("id").asText("");
    return entryId.equals("#" + fragment) || entryId.equals(did + "#" + fragment);
  }

  private static Optional<URI> httpUrl(JsonNode endpoint) {
    if (!endpoint.isTextual()) {
      return Optional.empty();
    }
    try {
      URI url = new URI(endpoint.asText());
      boolean http = "https".equals(url.getScheme()) || "http".equals(url.getScheme());
      return http && url.getHost() != null ? Optional.of(url) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
