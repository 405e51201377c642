package dev.stratus.testkit.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real atproto network for end-to-end tests: an in-memory PLC directory and a SQLite PDS from
 * {@code @atproto/dev-env}, run by {@code node e2e/network.mjs} as a child process on loopback. The
 * PDS accepts blobs up to 100 MB (its default is 5 MiB) and needs no invite code.
 *
 * <p>Needs Node.js &ge; 20 and npm on {@code PATH}; installs {@code e2e/node_modules} with {@code
 * npm ci} when it is missing. Start one per test class; {@link #close()} stops the child and its
 * data is deleted.
 */
public final class AtprotoNetwork implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final String SCRIPT = "network.mjs";

  private final NodeChild child;
  private final URI pdsUrl;
  private final String pdsDid;
  private final URI plcUrl;
  private final PdsClient pds;

  private AtprotoNetwork(NodeChild child, URI pdsUrl, String pdsDid, URI plcUrl) {
    this.child = child;
    this.pdsUrl = pdsUrl;
    this.pdsDid = pdsDid;
    this.plcUrl = plcUrl;
    this.pds = new PdsClient(pdsUrl);
  }

  /**
   * Starts the network from {@code e2eDir} (the repository's {@code e2e/} folder) and returns once
   * the PDS and PLC answer. Fails with the child's stderr if it dies or is not ready in 120 s.
   */
  public static AtprotoNetwork start(Path e2eDir) throws IOException, InterruptedException {
    return start(e2eDir, List.of());
  }

  /**
   * Like {@link #start(Path)}, with a PDS that refuses blobs over {@code blobUploadLimit} bytes
   * (HTTP 413), to see how a service copes with a small-limit PDS.
   */
  public static AtprotoNetwork startWithBlobLimit(Path e2eDir, long blobUploadLimit)
      throws IOException, InterruptedException {
    return start(e2eDir, List.of("--blob-limit", Long.toString(blobUploadLimit)));
  }

  private static AtprotoNetwork start(Path e2eDir, List<String> args) throws IOException, InterruptedException {
    if (!Files.isRegularFile(e2eDir.resolve(SCRIPT))) {
      throw new IllegalArgumentException(e2eDir.toAbsolutePath() + " has no " + SCRIPT);
    }
    NodeToolchain node = NodeToolchain.fromPath();
    node.ensureDependencies(e2eDir);
    NodeChild child = NodeChild.start(node.node(), e2eDir, SCRIPT, args);
    String line = child.awaitReadyLine(READY_TIMEOUT);
    try {
      JsonNode ready = new ObjectMapper().readTree(line);
      return new AtprotoNetwork(
          child,
          URI.create(field(ready, "pdsUrl")),
          field(ready, "pdsDid"),
          URI.create(field(ready, "plcUrl")));
    } catch (IOException | RuntimeException e) {
      child.close();
      throw new IllegalStateException(SCRIPT + ": bad ready line: " + line, e);
    }
  }

  /**
   * The {@code e2e/} folder of the repository holding the working directory: Maven runs tests in
   * the module's folder, so this walks up until a folder has {@code e2e/network.mjs}.
   */
  public static Path defaultE2eDir() {
    Path cwd = Path.of("").toAbsolutePath();
    for (Path dir = cwd; dir != null; dir = dir.getParent()) {
      Path e2e = dir.resolve("e2e");
      if (Files.isRegularFile(e2e.resolve(SCRIPT))) {
        return e2e;
      }
    }
    throw new IllegalStateException("no e2e/" + SCRIPT + " in " + cwd + " or any parent");
  }

  /** The PDS's base URL, e.g. {@code http://localhost:41234} (also its DID docs' endpoint). */
  public URI pdsUrl() {
    return pdsUrl;
  }

  /** The PDS's own DID: {@code did:web:localhost}, the {@code aud} of tokens meant for it. */
  public String pdsDid() {
    return pdsDid;
  }

  /** The PLC directory's base URL; {@code GET {plcUrl}/{did}} returns a DID document. */
  public URI plcUrl() {
    return plcUrl;
  }

  /** A client for the PDS's XRPC methods, in the user's place. */
  public PdsClient pds() {
    return pds;
  }

  /** Creates an account; see {@link PdsClient#createAccount(String)}. */
  public Account createAccount(String handlePrefix) throws IOException, InterruptedException {
    return pds.createAccount(handlePrefix);
  }

  /** Gets a service-auth token; see {@link PdsClient#serviceAuth}. */
  public String serviceAuth(Account account, String aud, String lxm, long expEpochSeconds)
      throws IOException, InterruptedException {
    return pds.serviceAuth(account, aud, lxm, expEpochSeconds);
  }

  /** A token without {@code exp}; see {@link PdsClient#serviceAuth(Account, String, String)}. */
  public String serviceAuth(Account account, String aud, String lxm) throws IOException, InterruptedException {
    return pds.serviceAuth(account, aud, lxm);
  }

  /** Uploads with the access token; see {@link PdsClient#uploadBlob(Account, byte[], String)}. */
  public JsonNode uploadBlob(Account account, byte[] bytes, String mimeType)
      throws IOException, InterruptedException {
    return pds.uploadBlob(account, bytes, mimeType);
  }

  /** Posts a video; see {@link PdsClient#createVideoPost(Account, JsonNode, String)}. */
  public String createVideoPost(Account account, JsonNode blobRef, String text)
      throws IOException, InterruptedException {
    return pds.createVideoPost(account, blobRef, text);
  }

  /** Reads a blob back; see {@link PdsClient#getBlob(String, String)}. */
  public byte[] getBlob(String did, String cid) throws IOException, InterruptedException {
    return pds.getBlob(did, cid);
  }

  /** The node process, so a test can check that it is gone after {@link #close()}. */
  ProcessHandle process() {
    return child.handle();
  }

  /** Closes the child's stdin so it shuts the network down; kills it if it does not exit. */
  @Override
  public void close() throws InterruptedException {
    child.close();
  }

  private static String field(JsonNode ready, String name) {
    String value = ready.path(name).asText("");
    if (value.isEmpty()) {
      throw new IllegalStateException("missing \"" + name + "\"");
    }
    return value;
  }
}
