package dev.stratus.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.stratus.lexicon.LexJson;
import io.javalin.config.RoutesConfig;
import java.util.List;

/**
 * {@code GET /.well-known/did.json}: this service's {@code did:web} document, naming its video
 * service endpoint, so clients and PDSes can resolve the audience of {@code getUploadLimits}
 * tokens.
 */
final class ServiceDidDocument {
  static final String SERVICE_ID = "#bsky_video";
  static final String SERVICE_TYPE = "AtprotoVideoService";

  private record Document(@JsonProperty("@context") List<String> context, String id, List<Service> service) {}

  private record Service(String id, String type, String serviceEndpoint) {}

  private final String json;

  ServiceDidDocument(Config.Identity identity) {
    Service video = new Service(SERVICE_ID, SERVICE_TYPE, identity.publicUrl());
    this.json =
        LexJson.write(new Document(List.of("https://www.w3.org/ns/did/v1"), identity.serviceDid(), List.of(video)));
  }

  void register(RoutesConfig routes) {
    routes.get("/.well-known/did.json", ctx -> ctx.contentType("application/did+json").result(json));
  }
}
