package dev.stratus.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.lexicon.BlobRef;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An account logged in to its PDS with an app password: what a client needs around a video upload.
 * It mints service-auth tokens for the video service, uploads small blobs (captions), and writes
 * and reads records (the post). Thread-safe; the session renews its access token by itself
 * ({@code com.atproto.server.refreshSession}) shortly before it expires, or when the PDS says it
 * has.
 *
 * <pre>{@code
 * PdsSession session = PdsSession.builder().identifier("alice.example.com").password(appPassword).login();
 * BlobRef captions = session.uploadBlob(Path.of("en.vtt"), "text/vtt");
 * }</pre>
 */
public final class PdsSession {
  private static final String CREATE_SESSION = "com.atproto.server.createSession";
  private static final String REFRESH_SESSION = "com.atproto.server.refreshSession";
  private static final String GET_SERVICE_AUTH = "com.atproto.server.getServiceAuth";
  private static final String DESCRIBE_SERVER = "com.atproto.server.describeServer";
  private static final String CREATE_RECORD = "com.atproto.repo.createRecord";
  private static final String GET_RECORD = "com.atproto.repo.getRecord";
  private static final String DELETE_RECORD = "com.atproto.repo.deleteRecord";
  private static final String GET_BLOB = "com.atproto.sync.getBlob";
  /** Renews the access token this long before it expires, so no call carries a dying one. */
  private static final Duration RENEW_AHEAD = Duration.ofMinutes(1);

  private final XrpcTransport pds;
  private final Clock clock;
  private final String did;
  private final String handle;
  private final Object renewal = new Object();
  private volatile Tokens tokens;
  private volatile @Nullable String pdsDid;

  private record Tokens(String access, String refresh, @Nullable Instant accessExpiry) {
    static Tokens of(JsonNode session) {
      String access = session.path("accessJwt").asText();
      return new Tokens(access, session.path("refreshJwt").asText(), TokenClaims.expiry(access));
    }
  }

  /**
   * A record written by {@link #createRecord}: where it is, and the CID of its contents.
   *
   * @param uri its {@code at://did/collection/rkey} URI
   * @param cid the CID of the record as written
   */
  public record CreatedRecord(String uri, String cid) {
    /**
     * The record's address and version.
     *
     * @param uri its {@code at://did/collection/rkey} URI
     * @param cid the CID of the record as written
     */
    public CreatedRecord {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(cid, "cid");
    }
  }

  private PdsSession(XrpcTransport pds, Clock clock, JsonNode session) {
    this.pds = pds;
    this.clock = clock;
    this.did = session.path("did").asText();
    this.handle = session.path("handle").asText();
    this.tokens = Tokens.of(session);
  }

  /**
   * Starts a login's settings.
   *
   * @return a builder; set at least {@link Builder#identifier} and {@link Builder#password}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The account's DID.
   *
   * @return e.g. {@code did:plc:ewvi7nxzyoun6zhxrhs64oiz}
   */
  public String did() {
    return did;
  }

  /**
   * The account's handle, as the PDS knows it.
   *
   * @return e.g. {@code alice.bsky.social}
   */
  public String handle() {
    return handle;
  }

  /**
   * The PDS this session talks to.
   *
   * @return its base URL
   */
  public URI pdsUrl() {
    return pds.serviceUrl();
  }

  /**
   * When the current access token expires; the session renews it a minute before.
   *
   * @return the expiry the token states, or null when it states none
   */
  public @Nullable Instant accessExpiresAt() {
    return tokens.accessExpiry();
  }

  /**
   * The PDS's own DID ({@code com.atproto.server.describeServer}): the audience of upload tokens.
   *
   * @return e.g. {@code did:web:pds.example.com}
   */
  public String pdsDid() {
    String known = pdsDid;
    if (known == null) {
      String described = pds.get(DESCRIBE_SERVER, null, null).path("did").asText("");
      known = described.isEmpty() ? "did:web:" + pdsUrl().getHost() : described;
      pdsDid = known;
    }
    return known;
  }

  /**
   * Mints a service-auth token ({@code com.atproto.server.getServiceAuth}).
   *
   * @param audience the DID of the service that will receive it (for uploads: {@link #pdsDid()})
   * @param lxm the method it is good for, e.g. {@code com.atproto.repo.uploadBlob}
   * @param expiresAt when it expires; PDSes refuse more than an hour ahead
   * @return the signed JWT
   * @throws XrpcException when the PDS refuses (e.g. {@code BadExpiration})
   */
  public String serviceToken(String audience, String lxm, Instant expiresAt) {
    return serviceToken("aud=" + XrpcTransport.encode(audience) + "&lxm=" + XrpcTransport.encode(lxm)
        + "&exp=" + expiresAt.getEpochSecond());
  }

  /**
   * Mints a service-auth token with the PDS's default lifetime (60 s on the reference PDS).
   *
   * @param audience the DID of the service that will receive it
   * @param lxm the method it is good for
   * @return the signed JWT
   * @throws XrpcException when the PDS refuses
   */
  public String serviceToken(String audience, String lxm) {
    return serviceToken("aud=" + XrpcTransport.encode(audience) + "&lxm=" + XrpcTransport.encode(lxm));
  }

  private String serviceToken(String query) {
    return authorized(access -> pds.get(GET_SERVICE_AUTH, query, access)).path("token").asText();
  }

  /**
   * The tokens a {@link VideoClient} needs for this account, the way the Bluesky app mints them:
   * uploads get a token for {@code com.atproto.repo.uploadBlob} addressed to this PDS, the limits
   * one for {@code app.bsky.video.getUploadLimits} addressed to the video service. Each lives
   * 30 minutes and is kept until 5 minutes before it expires.
   *
   * @param videoServiceDid the video service's DID, e.g. {@code did:web:video.bsky.app}
   * @return a provider for {@link VideoClient.Builder#tokens}
   */
  public TokenProvider videoServiceTokens(String videoServiceDid) {
    return new ServiceTokenCache(
        clock,
        (lxm, expiry) -> serviceToken(Nsid.REPO_UPLOAD_BLOB.equals(lxm) ? pdsDid() : videoServiceDid, lxm, expiry));
  }

  /**
   * Uploads a blob to the account's repository ({@code com.atproto.repo.uploadBlob}), e.g. a
   * caption file. A blob no record refers to is deleted by the PDS after a while.
   *
   * @param file the bytes
   * @param mimeType their type, e.g. {@code text/vtt}
   * @return the reference to put in a record
   * @throws XrpcException when the PDS refuses it (413 when it is too large)
   */
  public BlobRef uploadBlob(Path file, String mimeType) {
    JsonNode answer = authorized(access -> {
      try {
        return pds.send(
            pds.request(Nsid.REPO_UPLOAD_BLOB, null, access)
                .header("Content-Type", mimeType)
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build(),
            false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    });
    return LexJson.mapper().convertValue(answer.path("blob"), BlobRef.class);
  }

  /**
   * Writes a record to the account's repository ({@code com.atproto.repo.createRecord}); the PDS
   * validates records of the collections it knows, and checks their blobs exist.
   *
   * @param collection e.g. {@code app.bsky.feed.post}
   * @param record the record, with its {@code $type}
   * @return the new record's URI and CID
   * @throws XrpcException when the PDS refuses it (e.g. {@code InvalidRecord})
   */
  public CreatedRecord createRecord(String collection, JsonNode record) {
    ObjectNode input = LexJson.mapper().createObjectNode();
    input.put("repo", did);
    input.put("collection", collection);
    input.set("record", record);
    JsonNode answer = authorized(access -> pds.postJson(CREATE_RECORD, access, input));
    return new CreatedRecord(answer.path("uri").asText(), answer.path("cid").asText());
  }

  /**
   * Deletes one of the account's records ({@code com.atproto.repo.deleteRecord}); a record that
   * is not there is fine.
   *
   * @param atUri its {@code at://did/collection/rkey} URI
   * @throws XrpcException when the PDS refuses (e.g. the record belongs to another account)
   */
  public void deleteRecord(String atUri) {
    String[] parts = atUriParts(atUri);
    ObjectNode input = LexJson.mapper().createObjectNode()
        .put("repo", parts[0]).put("collection", parts[1]).put("rkey", parts[2]);
    authorized(access -> pds.postJson(DELETE_RECORD, access, input));
  }

  /**
   * Reads a record of this PDS back ({@code com.atproto.repo.getRecord}; public).
   *
   * @param atUri its {@code at://did/collection/rkey} URI
   * @return the record's value
   * @throws XrpcException 400 {@code RecordNotFound} when there is none
   */
  public JsonNode getRecord(String atUri) {
    String[] parts = atUriParts(atUri);
    String query = "repo=" + XrpcTransport.encode(parts[0]) + "&collection=" + XrpcTransport.encode(parts[1])
        + "&rkey=" + XrpcTransport.encode(parts[2]);
    return pds.get(GET_RECORD, query, null).path("value");
  }

  /**
   * Reads a blob of any account on this PDS ({@code com.atproto.sync.getBlob}; public).
   *
   * @param owner the account's DID
   * @param cid the blob's CID
   * @return its bytes
   * @throws XrpcException 400 {@code BlobNotFound} when the PDS has none (or none a record uses)
   */
  public byte[] getBlob(String owner, String cid) {
    return pds.getBytes(GET_BLOB, "did=" + XrpcTransport.encode(owner) + "&cid=" + XrpcTransport.encode(cid));
  }

  private static String[] atUriParts(String atUri) {
    String[] parts = atUri.startsWith("at://") ? atUri.substring(5).split("/") : new String[0];
    if (parts.length != 3) {
      throw new IllegalArgumentException(atUri + ": not an at://did/collection/rkey URI");
    }
    return parts;
  }

  /** Runs {@code call} with a fresh access token; once more with a renewed one if the PDS finds it expired. */
  private JsonNode authorized(Function<String, JsonNode> call) {
    Tokens current = tokens;
    Instant expiry = current.accessExpiry();
    if (expiry != null && clock.instant().plus(RENEW_AHEAD).isAfter(expiry)) {
      current = renew(current);
    }
    try {
      return call.apply(current.access());
    } catch (XrpcException e) {
      if (!"ExpiredToken".equals(e.error())) {
        throw e;
      }
      return call.apply(renew(current).access());
    }
  }

  /** Renews the tokens unless another thread already replaced {@code stale}. */
  private Tokens renew(Tokens stale) {
    synchronized (renewal) {
      if (tokens != stale) {
        return tokens;
      }
      tokens = Tokens.of(pds.postJson(REFRESH_SESSION, stale.refresh(), null));
      return tokens;
    }
  }

  /** Settings for {@link #login()}. */
  public static final class Builder {
    private @Nullable String identifier;
    private @Nullable String password;
    private @Nullable String pdsUrl;
    private String handleResolverUrl = "https://public.api.bsky.app";
    private String plcUrl = "https://plc.directory";
    private Duration timeout = Duration.ofSeconds(30);
    private @Nullable HttpClient httpClient;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Who logs in.
     *
     * @param value a handle ({@code alice.bsky.social}) or a DID
     * @return this builder
     */
    public Builder identifier(String value) {
      this.identifier = value;
      return this;
    }

    /**
     * The password: an app password, as made in the account's settings.
     *
     * @param value the password
     * @return this builder
     */
    public Builder password(String value) {
      this.password = value;
      return this;
    }

    /**
     * The PDS to log in to; when unset, the account's own PDS is found from its handle and DID
     * document.
     *
     * @param url e.g. {@code https://bsky.social}
     * @return this builder
     */
    public Builder pdsUrl(@Nullable String url) {
      this.pdsUrl = url;
      return this;
    }

    /**
     * Where handles are resolved ({@code com.atproto.identity.resolveHandle}) when no PDS is set;
     * defaults to Bluesky's public AppView.
     *
     * @param url an AppView's or PDS's base URL
     * @return this builder
     */
    public Builder handleResolverUrl(String url) {
      this.handleResolverUrl = url;
      return this;
    }

    /**
     * The PLC directory that holds {@code did:plc} documents (default {@code https://plc.directory}).
     *
     * @param url its base URL
     * @return this builder
     */
    public Builder plcUrl(String url) {
      this.plcUrl = url;
      return this;
    }

    /**
     * How long to wait to connect, and for each answer (default 30 s).
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    /**
     * The HTTP client to use; by default one of its own on HTTP/1.1.
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.httpClient = client;
      return this;
    }

    /**
     * The clock that decides when the access token needs renewing (the system's by default).
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /**
     * Finds the PDS (unless it was given) and logs in ({@code com.atproto.server.createSession}).
     *
     * @return the session
     * @throws XrpcException 401 {@code AuthenticationRequired} for a wrong identifier or password,
     *     or the resolver's refusal of an unknown handle
     * @throws java.io.UncheckedIOException when the PDS or the resolver cannot be reached
     */
    public PdsSession login() {
      String who = Objects.requireNonNull(identifier, "identifier");
      String secret = Objects.requireNonNull(password, "password");
      HttpClient http = httpClient != null
          ? httpClient
          : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
      URI pds;
      if (pdsUrl != null) {
        pds = URI.create(stripSlash(pdsUrl));
      } else {
        IdentityResolver resolver =
            new IdentityResolver(URI.create(stripSlash(handleResolverUrl)), URI.create(stripSlash(plcUrl)), http, timeout);
        pds = URI.create(stripSlash(resolver.pds(resolver.did(who)).toString()));
      }
      XrpcTransport transport = new XrpcTransport(pds, http, timeout);
      ObjectNode input = LexJson.mapper().createObjectNode().put("identifier", who).put("password", secret);
      return new PdsSession(transport, clock, transport.postJson(CREATE_SESSION, null, input));
    }

    private static String stripSlash(String url) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
  }
}
