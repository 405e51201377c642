package dev.stratus.server;

import dev.stratus.atproto.Did;
import dev.stratus.core.media.InputLimits;
import dev.stratus.core.upload.MultipartSettings;
import dev.stratus.server.api.UploadBodyLimits;
import dev.stratus.s3.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Everything Stratus is told from outside, read once from environment variables (the CLI turns
 * its options into the same names), validated with every problem reported together, then passed
 * down as records.
 */
public record Config(
    Http http,
    Storage storage,
    Workers workers,
    Media media,
    Limits limits,
    Identity identity,
    Handoff handoff,
    Multipart multipart,
    Node node,
    Network network,
    boolean devMode) {

  /**
   * Playing every video of the network, as an AppView's video service does.
   *
   * @param firehose the event stream to follow ({@code wss://relay}, or a PDS), null to follow none
   * @param pdsHosts only videos of accounts on these PDS hosts are taken from the stream; empty: all
   * @param onDemand whether {@code /watch} fetches and encodes a video it does not have yet
   * @param removalGrace how long the media of a deleted post or account stays stored (not served)
   *     before it is deleted
   * @param fetchAllowedHosts {@code host:port}s blobs may be fetched from even when they are not
   *     public addresses (tests, private networks)
   * @param fetchTimeout connect and read timeout of a blob fetch
   * @param onDemandWait how long a player's first request waits for the first segments
   * @param viewerWorkers workers (on a node that encodes) that take only videos a viewer waits on
   * @param streamWorkers workers (on a node that encodes) that take the event stream's videos,
   *     which the other workers then leave alone
   */
  public record Network(
      @Nullable URI firehose,
      Set<String> pdsHosts,
      boolean onDemand,
      Duration removalGrace,
      Set<String> fetchAllowedHosts,
      Duration fetchTimeout,
      Duration onDemandWait,
      int viewerWorkers,
      int streamWorkers) {
    public Network {
      pdsHosts = Set.copyOf(pdsHosts);
      fetchAllowedHosts = Set.copyOf(fetchAllowedHosts);
    }
  }

  /** What a node of a fleet does. */
  public enum Role {
    /** The API and the workers: the default, and all a single machine needs. */
    ALL,
    /** Uploads, status and playback; no encoding (jobs wait for a worker node). */
    API,
    /** Encoding only; its HTTP port answers {@code /_health}, {@code /_ready} and {@code /metrics}. */
    WORKER;

    boolean servesApi() {
      return this != WORKER;
    }

    boolean runsWorkers() {
      return this != API;
    }
  }

  /**
   * @param role what this node does
   * @param shutdownGrace how long a stopping node lets running jobs finish before it gives their
   *     leases back
   */
  public record Node(Role role, Duration shutdownGrace) {}

  /**
   * @param idleTimeout how long a connection may send nothing, mid-request or between requests
   * @param uploads how upload bodies must arrive
   */
  public record Http(String host, int port, Duration idleTimeout, UploadBodyLimits uploads) {}

  /**
   * @param dataDir this node's files: the embedded database (when no shared one is set), blobs,
   *     and the workspace of running encodes
   * @param shared the PostgreSQL database nodes share; null for the embedded SQLite file
   * @param s3 the bucket nodes share for uploads, parts and media; null for files under dataDir
   */
  public record Storage(Path dataDir, @Nullable SharedDatabase shared, @Nullable S3Settings s3) {
    public Path database() {
      return dataDir.resolve("stratus.db");
    }

    public Path blobs() {
      return dataDir.resolve("blobs");
    }

    public Path work() {
      return dataDir.resolve("work");
    }
  }

  /**
   * A PostgreSQL database that several nodes share.
   *
   * @param url {@code jdbc:postgresql://host:port/database}
   * @param user empty for the URL's or the driver's default
   * @param password empty for none
   * @param connections how many connections this node keeps open
   */
  public record SharedDatabase(String url, String user, String password, int connections) {
    @Override
    public String toString() {
      // Keeps the password out of logs and error messages.
      int query = url.indexOf('?');
      return "SharedDatabase[" + (query < 0 ? url : url.substring(0, query)) + ", user=" + user + "]";
    }
  }

  /**
   * @param count parallel jobs on this node (each ffmpeg already uses every core); 0 encodes
   *     nothing here, and jobs wait for a node that does
   * @param lease how long a job stays claimed without a progress report
   * @param maxAttempts interrupted runs (crashes) a job may take before it fails
   * @param retention how long a finished job's row is kept (dedupe, late status reads)
   */
  public record Workers(int count, Duration lease, int maxAttempts, Duration pollInterval, Duration retention) {}

  /**
   * @param ffmpeg a system ffmpeg to use instead of the bundled one (with {@code ffprobe})
   * @param encodeTimeout the least time one encode may run; longer videos get 10 s per second
   */
  public record Media(@Nullable Path ffmpeg, @Nullable Path ffprobe, Duration encodeTimeout) {}

  /**
   * What uploads may be.
   *
   * @param maxUploadBytes the largest upload, in ISO bytes (Bluesky: 300,000,000)
   * @param dailyVideos videos per account per rolling 24 h
   * @param dailyBytes bytes per account per rolling 24 h
   * @param deniedDids accounts that may not upload at all
   * @param uploadsDisabled the switch that stops every upload
   * @param input what a video may be, checked after probing
   */
  public record Limits(
      long maxUploadBytes,
      long dailyVideos,
      long dailyBytes,
      Set<String> deniedDids,
      boolean uploadsDisabled,
      InputLimits input) {
    public Limits {
      deniedDids = Set.copyOf(deniedDids);
    }
  }

  /**
   * Who this service is and whom it trusts.
   *
   * @param serviceDid this service's DID ({@code did:web:<public host>}), the audience of
   *     {@code getUploadLimits} tokens and the id of {@code /.well-known/did.json}
   * @param publicUrl where clients reach this service; the endpoint in the DID document
   * @param plcUrl the PLC directory that resolves {@code did:plc} identities
   * @param extraAudiences audiences accepted on upload tokens besides the uploader's own PDS
   *     (e.g. an entryway such as {@code did:web:bsky.social})
   * @param clockSkew how far past its {@code exp} a token is still accepted
   */
  public record Identity(
      String serviceDid, String publicUrl, String plcUrl, Set<String> extraAudiences, Duration clockSkew) {
    public Identity {
      extraAudiences = Set.copyOf(extraAudiences);
    }
  }

  /**
   * How finished videos are delivered to the uploader's PDS.
   *
   * @param firstRetryDelay the wait after the first failed try; doubled after each further one
   * @param maxRetryDelay the longest wait between tries; they go on until the token expires
   * @param minTokenLifetime the least time a forwarded token must have left when the upload (or
   *     the multipart finish) arrives; a shorter-lived one is refused with {@code JwtExpired}
   */
  public record Handoff(Duration timeout, Duration firstRetryDelay, Duration maxRetryDelay, Duration minTokenLifetime) {}

  /**
   * Multipart uploads and the node's admission of new work.
   *
   * @param partSize bytes per part (the last part holds the rest); at least 5 MiB
   * @param expiry how long an upload may take from start to finish
   * @param maxOpenUploads unfinished multipart uploads per account
   * @param retention how long an ended upload stays readable by {@code getUploadStatus}
   * @param janitorInterval how often expired uploads are swept up
   * @param maxQueuedJobs jobs that may wait for a worker before new uploads are refused
   */
  public record Multipart(
      long partSize,
      Duration expiry,
      long maxOpenUploads,
      Duration retention,
      Duration janitorInterval,
      long maxQueuedJobs) {}

  public static final int DEFAULT_PORT = 2590;

  /** Reads the configuration from environment-style variables (see the README's table). */
  public static Config fromEnvironment(Map<String, String> env) {
    Reader r = new Reader(env);
    Http http =
        new Http(
            r.text("STRATUS_HOST", "0.0.0.0"),
            r.integer("STRATUS_PORT", DEFAULT_PORT, 0, 65535),
            Duration.ofSeconds(r.integer("STRATUS_HTTP_IDLE_TIMEOUT_SECONDS", 30, 1, 3600)),
            new UploadBodyLimits(
                r.number("STRATUS_UPLOAD_MIN_BYTES_PER_SECOND", 32 * 1024, 0, 1L << 30),
                Duration.ofSeconds(r.integer("STRATUS_UPLOAD_RATE_WINDOW_SECONDS", 30, 1, 3600)),
                r.integer("STRATUS_MAX_UPLOADS_PER_ACCOUNT", 8, 1, 100_000),
                r.integer("STRATUS_MAX_UPLOADS_PER_ADDRESS", 32, 1, 100_000)));
    Storage storage = new Storage(
        Path.of(r.text("STRATUS_DATA_DIR", "stratus-data")).toAbsolutePath().normalize(), sharedDatabase(r), s3(r));
    Workers workers =
        new Workers(
            r.integer("STRATUS_WORKERS", 1, 0, 64),
            Duration.ofSeconds(r.integer("STRATUS_JOB_LEASE_SECONDS", 300, 10, 86400)),
            r.integer("STRATUS_MAX_ATTEMPTS", 3, 1, 100),
            Duration.ofSeconds(r.integer("STRATUS_POLL_SECONDS", 5, 1, 3600)),
            Duration.ofDays(r.integer("STRATUS_JOB_RETENTION_DAYS", 30, 1, 36500)));
    Path ffmpeg = r.path("STRATUS_FFMPEG");
    Path ffprobe = r.path("STRATUS_FFPROBE");
    if ((ffmpeg == null) != (ffprobe == null)) {
      r.problems.add("STRATUS_FFMPEG and STRATUS_FFPROBE must be set together");
    }
    Media media =
        new Media(ffmpeg, ffprobe, Duration.ofSeconds(r.integer("STRATUS_ENCODE_TIMEOUT_SECONDS", 600, 10, 86400)));
    Limits limits = limits(r);
    Identity identity = identity(r, http);
    Handoff handoff =
        new Handoff(
            Duration.ofSeconds(r.integer("STRATUS_PDS_UPLOAD_TIMEOUT_SECONDS", 600, 1, 86400)),
            Duration.ofMillis(r.integer("STRATUS_PDS_RETRY_DELAY_MILLIS", 2000, 1, 3_600_000)),
            Duration.ofSeconds(r.integer("STRATUS_PDS_RETRY_MAX_DELAY_SECONDS", 60, 1, 3600)),
            Duration.ofSeconds(r.integer("STRATUS_MIN_TOKEN_LIFETIME_SECONDS", 15, 0, 3600)));
    Multipart multipart =
        new Multipart(
            r.number("STRATUS_UPLOAD_PART_BYTES", MultipartSettings.DEFAULT_PART_SIZE, MultipartSettings.MIN_PART_SIZE,
                1L << 30),
            Duration.ofSeconds(r.integer("STRATUS_UPLOAD_EXPIRY_SECONDS", 3600, 60, 7 * 86400)),
            r.number("STRATUS_MAX_OPEN_UPLOADS", 5, 1, 10_000),
            Duration.ofSeconds(r.integer("STRATUS_UPLOAD_RETENTION_SECONDS", 86400, 60, 365 * 86400)),
            Duration.ofSeconds(r.integer("STRATUS_UPLOAD_JANITOR_SECONDS", 60, 1, 86400)),
            r.number("STRATUS_MAX_QUEUED_JOBS", 1000, 1, Long.MAX_VALUE));
    boolean dev = r.bool("STRATUS_DEV", false);
    Network network = network(r);
    if (!r.problems.isEmpty()) {
      throw new ConfigException(r.problems);
    }
    Node node = new Node(
        r.parse("STRATUS_ROLE", Role.ALL, value -> {
          for (Role role : Role.values()) {
            if (role.name().equalsIgnoreCase(value)) {
              return role;
            }
          }
          throw new IllegalArgumentException("must be all, api or worker");
        }),
        Duration.ofSeconds(r.integer("STRATUS_SHUTDOWN_GRACE_SECONDS", 30, 0, 3600)));
    return new Config(http, storage, workers, media, limits, identity, handoff, multipart, node, network, dev);
  }

  private static Network network(Reader r) {
    String firehose = r.text("STRATUS_FIREHOSE_URL", "");
    URI stream = null;
    if (!firehose.isEmpty()) {
      try {
        stream = URI.create(firehose);
      } catch (IllegalArgumentException e) {
        stream = null;
      }
      if (stream == null || stream.getHost() == null
          || !List.of("wss", "ws", "https", "http").contains(String.valueOf(stream.getScheme()))) {
        r.problems.add("STRATUS_FIREHOSE_URL=" + firehose + ": not a wss:// (or https://) URL of a relay or PDS");
        stream = null;
      }
    }
    // Following the network is what makes playing any of its videos wanted.
    boolean onDemand = r.bool("STRATUS_ON_DEMAND", stream != null);
    return new Network(
        stream,
        r.set("STRATUS_FIREHOSE_PDS_HOSTS"),
        onDemand,
        Duration.ofHours(r.integer("STRATUS_REMOVED_MEDIA_GRACE_HOURS", 72, 0, 24 * 3650)),
        r.set("STRATUS_FETCH_ALLOW_HOSTS"),
        Duration.ofSeconds(r.integer("STRATUS_FETCH_TIMEOUT_SECONDS", 30, 1, 3600)),
        Duration.ofSeconds(r.integer("STRATUS_ON_DEMAND_WAIT_SECONDS", 20, 0, 600)),
        r.integer("STRATUS_VIEWER_WORKERS", onDemand ? 1 : 0, 0, 64),
        r.integer("STRATUS_STREAM_WORKERS", stream != null ? 1 : 0, 0, 64));
  }

  private static Limits limits(Reader r) {
    InputLimits defaults = InputLimits.DEFAULTS;
    InputLimits input =
        new InputLimits(
            r.number("STRATUS_MAX_DURATION_SECONDS", (long) defaults.maxDurationSeconds(), 1, 86_400),
            r.integer("STRATUS_MIN_SIDE", defaults.minSide(), 2, 100_000),
            r.integer("STRATUS_MAX_SIDE", defaults.maxSide(), 2, 100_000),
            r.decimal("STRATUS_MIN_ASPECT_RATIO", defaults.minAspectRatio()),
            r.decimal("STRATUS_MAX_ASPECT_RATIO", defaults.maxAspectRatio()),
            r.number("STRATUS_MAX_FRAMES", defaults.maxFrames(), 1, Long.MAX_VALUE),
            defaults.videoCodecs(),
            r.number("STRATUS_MAX_ENCODED_BYTES", defaults.maxEncodedBytes(), 1, Long.MAX_VALUE));
    if (input.minAspectRatio() > input.maxAspectRatio()) {
      r.problems.add("STRATUS_MIN_ASPECT_RATIO must not exceed STRATUS_MAX_ASPECT_RATIO");
    }
    return new Limits(
        r.number("STRATUS_MAX_UPLOAD_BYTES", 300_000_000L, 1, Long.MAX_VALUE),
        r.number("STRATUS_DAILY_VIDEOS", 25, 0, Long.MAX_VALUE),
        r.number("STRATUS_DAILY_BYTES", 10_000_000_000L, 0, Long.MAX_VALUE),
        r.set("STRATUS_DENIED_DIDS"),
        r.bool("STRATUS_UPLOADS_DISABLED", false),
        input);
  }

  private static @Nullable SharedDatabase sharedDatabase(Reader r) {
    String url = r.text("STRATUS_DATABASE_URL", "");
    if (url.isEmpty()) {
      return null;
    }
    if (!url.startsWith("jdbc:postgresql://")) {
      r.problems.add("STRATUS_DATABASE_URL must be a jdbc:postgresql://host:port/database URL");
    }
    return new SharedDatabase(url, r.text("STRATUS_DATABASE_USER", ""), r.text("STRATUS_DATABASE_PASSWORD", ""),
        r.integer("STRATUS_DATABASE_CONNECTIONS", 10, 2, 1000));
  }

  private static @Nullable S3Settings s3(Reader r) {
    String bucket = r.text("STRATUS_S3_BUCKET", "");
    if (bucket.isEmpty()) {
      return null;
    }
    String endpoint = r.text("STRATUS_S3_ENDPOINT", "");
    URI endpointUri = null;
    if (!endpoint.isEmpty()) {
      try {
        endpointUri = URI.create(endpoint);
        if (endpointUri.getHost() == null) {
          throw new IllegalArgumentException("no host");
        }
      } catch (IllegalArgumentException e) {
        r.problems.add("STRATUS_S3_ENDPOINT=" + endpoint + ": not an http(s) URL");
      }
    }
    String accessKey = r.text("STRATUS_S3_ACCESS_KEY", "");
    String secretKey = r.text("STRATUS_S3_SECRET_KEY", "");
    if (accessKey.isEmpty() != secretKey.isEmpty()) {
      r.problems.add("STRATUS_S3_ACCESS_KEY and STRATUS_S3_SECRET_KEY go together");
    }
    return new S3Settings(endpointUri, r.text("STRATUS_S3_REGION", "us-east-1"), bucket,
        r.bool("STRATUS_S3_PATH_STYLE", endpointUri != null),
        accessKey.isEmpty() ? null : accessKey, secretKey.isEmpty() ? null : secretKey);
  }

  private static Identity identity(Reader r, Http http) {
    int port = http.port() == 0 ? DEFAULT_PORT : http.port();
    String publicUrl = r.text("STRATUS_PUBLIC_URL", "http://localhost:" + port);
    String ownDid;
    try {
      if (!publicUrl.matches("https?://.*")) {
        throw new IllegalArgumentException("not http(s)");
      }
      ownDid = Did.web(URI.create(publicUrl));
    } catch (IllegalArgumentException e) {
      r.problems.add("STRATUS_PUBLIC_URL=" + publicUrl + ": not an http(s) URL");
      ownDid = "did:web:localhost";
    }
    String serviceDid = r.text("STRATUS_SERVICE_DID", ownDid);
    if (!serviceDid.matches("did:[a-z]+:[a-zA-Z0-9._:%-]+")) {
      r.problems.add("STRATUS_SERVICE_DID=" + serviceDid + ": not a DID");
    }
    return new Identity(
        serviceDid,
        publicUrl,
        r.text("STRATUS_PLC_URL", "https://plc.directory"),
        r.set("STRATUS_EXTRA_AUDIENCES"),
        Duration.ofSeconds(r.integer("STRATUS_JWT_CLOCK_SKEW_SECONDS", 30, 0, 600)));
  }

  /** Parses values and collects what is wrong with them. */
  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    String text(String name, String fallback) {
      String value = env.get(name);
      return value == null || value.isBlank() ? fallback : value.trim();
    }

    @Nullable Path path(String name) {
      String value = env.get(name);
      return value == null || value.isBlank() ? null : Path.of(value.trim());
    }

    int integer(String name, int fallback, int min, int max) {
      return (int) number(name, fallback, min, max);
    }

    long number(String name, long fallback, long min, long max) {
      return parse(name, fallback, value -> {
        long n = Long.parseLong(value.replace("_", ""));
        if (n < min || n > max) {
          throw new IllegalArgumentException("must be between " + min + " and " + max);
        }
        return n;
      });
    }

    /** A comma-separated list. */
    Set<String> set(String name) {
      Set<String> values = new LinkedHashSet<>();
      for (String value : text(name, "").split(",")) {
        if (!value.isBlank()) {
          values.add(value.trim());
        }
      }
      return values;
    }

    double decimal(String name, double fallback) {
      return parse(name, fallback, value -> {
        double d = Double.parseDouble(value);
        if (!(d > 0) || Double.isInfinite(d)) {
          throw new IllegalArgumentException("must be a positive number");
        }
        return d;
      });
    }

    boolean bool(String name, boolean fallback) {
      return parse(name, fallback, value -> switch (value.toLowerCase(Locale.ROOT)) {
        case "1", "true", "yes", "on" -> true;
        case "0", "false", "no", "off" -> false;
        default -> throw new IllegalArgumentException("must be true/false or 1/0");
      });
    }

    private <T> T parse(String name, T fallback, Function<String, T> parser) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        return parser.apply(value.trim());
      } catch (NumberFormatException e) {
        problems.add(name + "=" + value + ": not a number");
      } catch (IllegalArgumentException e) {
        problems.add(name + "=" + value + ": " + e.getMessage());
      }
      return fallback;
    }
  }
}
