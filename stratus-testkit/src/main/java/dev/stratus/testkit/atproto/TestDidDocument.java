package dev.stratus.testkit.atproto;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.atproto.DidDocument;
import org.jspecify.annotations.Nullable;

/**
 * Writes a DID document as the PLC directory serves one: {@code #atproto} Multikey, {@code
 * #atproto_pds} service, fully qualified ids. Each option departs from that in one way that real
 * documents also do.
 */
public final class TestDidDocument {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String did;
  private final TestKeyPair key;
  private @Nullable String pdsEndpoint;
  private @Nullable String handle;
  private boolean legacyKeyEncoding;
  private boolean relativeIds;

  private TestDidDocument(String did, TestKeyPair key) {
    this.did = did;
    this.key = key;
  }

  /** A document for {@code did} whose {@code #atproto} key is {@code key}, with no PDS yet. */
  public static TestDidDocument of(String did, TestKeyPair key) {
    return new TestDidDocument(did, key);
  }

  /** Adds the {@code #atproto_pds} service at this URL. */
  public TestDidDocument pds(String endpoint) {
    this.pdsEndpoint = endpoint;
    return this;
  }

  /** Adds {@code alsoKnownAs: ["at://handle"]}. */
  public TestDidDocument handle(String handle) {
    this.handle = handle;
    return this;
  }

  /** Writes the key as {@code EcdsaSecp256…VerificationKey2019} with an uncompressed point. */
  public TestDidDocument legacyKeyEncoding() {
    this.legacyKeyEncoding = true;
    return this;
  }

  /** Writes ids as {@code #atproto} rather than {@code did:…#atproto}, as some did:web do. */
  public TestDidDocument relativeIds() {
    this.relativeIds = true;
    return this;
  }

  public String json() {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("@context")
        .add("https://www.w3.org/ns/did/v1")
        .add("https://w3id.org/security/multikey/v1");
    root.put("id", did);
    if (handle != null) {
      root.putArray("alsoKnownAs").add("at://" + handle);
    }
    ObjectNode method = root.putArray("verificationMethod").addObject();
    method.put("id", id("atproto"));
    method.put("type", legacyKeyEncoding ? key.type().legacyTypeName() : "Multikey");
    method.put("controller", did);
    method.put("publicKeyMultibase", legacyKeyEncoding ? key.legacyMultibase() : key.multikey());
    ArrayNode services = root.putArray("service");
    if (pdsEndpoint != null) {
      ObjectNode pds = services.addObject();
      pds.put("id", id("atproto_pds"));
      pds.put("type", "AtprotoPersonalDataServer");
      pds.put("serviceEndpoint", pdsEndpoint);
    }
    return root.toString();
  }

  /** The document as {@link DidDocument#parse} reads it. */
  public DidDocument parse() {
    return DidDocument.parse(json());
  }

  private String id(String fragment) {
    return (relativeIds ? "" : did) + "#" + fragment;
  }
}
