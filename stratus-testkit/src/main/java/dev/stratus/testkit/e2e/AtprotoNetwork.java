package dev.stratus.testkit.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.client.VideoPost;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.LexJson;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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

  /** A service-auth token for {@code aud} and {@code lxm} that expires at {@code expEpochSeconds}. */
  public String serviceAuth(Account account, String aud, String lxm, long expEpochSeconds) {
    return account.session().serviceToken(aud, lxm, Instant.ofEpochSecond(expEpochSeconds));
  }

  /** A token without {@code exp}, as some clients (kbsky) ask: the PDS gives it 60 s. */
  public String serviceAuth(Account account, String aud, String lxm) {
    return account.session().serviceToken(aud, lxm);
  }

  /** Uploads a blob with the account's session; returns the ref as JSON, as a record holds it. */
  public JsonNode uploadBlob(Account account, byte[] bytes, String mimeType) throws IOException {
    Path file = Files.createTempFile("blob-", ".bin");
    try {
      Files.write(file, bytes);
      return LexJson.mapper().valueToTree(account.session().uploadBlob(file, mimeType));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Posts {@code text} with an {@code app.bsky.embed.video} of {@code blobRef}; returns the post's URI. */
  public String createVideoPost(Account account, JsonNode blobRef, String text) {
    VideoPost post = VideoPost.of(LexJson.mapper().convertValue(blobRef, BlobRef.class)).text(text);
    return account.session().createRecord(VideoPost.COLLECTION, post.toRecord()).uri();
  }

  /** Reads one of the account's blobs back from the PDS ({@code com.atproto.sync.getBlob}). */
  public byte[] getBlob(Account owner, String cid) {
    return owner.session().getBlob(owner.did(), cid);
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
