package dev.stratus.server;

import dev.stratus.atproto.CachingDidResolver;
import dev.stratus.atproto.DidResolver;
import dev.stratus.atproto.HttpDidResolver;
import dev.stratus.atproto.ServiceAuthVerifier;
import dev.stratus.core.events.JobEvents;
import dev.stratus.core.job.JobAdmission;
import dev.stratus.core.job.JobId;
import dev.stratus.core.job.JobStore;
import dev.stratus.core.job.Overload;
import dev.stratus.core.job.UploadDoor;
import dev.stratus.core.upload.MultipartSettings;
import dev.stratus.core.upload.MultipartUploads;
import dev.stratus.core.upload.PartReceiver;
import dev.stratus.core.upload.UploadFinisher;
import dev.stratus.core.upload.UploadJanitor;
import dev.stratus.core.upload.UploadSessionStore;
import dev.stratus.core.job.UploadPolicy;
import dev.stratus.core.job.UploadAllowance;
import dev.stratus.core.job.UploadGate;
import dev.stratus.core.job.Uploads;
import dev.stratus.core.media.InputValidator;
import dev.stratus.core.media.Transcoder;
import dev.stratus.core.pipeline.CaptionStep;
import dev.stratus.core.pipeline.CaptionTracks;
import dev.stratus.core.pipeline.EncodeSpeed;
import dev.stratus.core.pipeline.FetchSourceStep;
import dev.stratus.core.pipeline.GrowingLadderStep;
import dev.stratus.core.pipeline.SourceFetcher;
import dev.stratus.core.pipeline.EncodeStep;
import dev.stratus.core.pipeline.LadderStep;
import dev.stratus.core.pipeline.Pipeline;
import dev.stratus.core.pipeline.ProbeStep;
import dev.stratus.core.pipeline.ScanStep;
import dev.stratus.core.pipeline.Scanner;
import dev.stratus.core.pipeline.Step;
import dev.stratus.core.pipeline.StoreMediaStep;
import dev.stratus.core.pds.PdsBlobLimits;
import dev.stratus.core.pds.PdsFit;
import dev.stratus.core.pds.PublishStep;
import dev.stratus.core.pds.Sleeper;
import dev.stratus.core.pipeline.Workspace;
import dev.stratus.core.storage.BlobStore;
import dev.stratus.core.storage.FileBlobStore;
import dev.stratus.core.worker.WorkerPool;
import dev.stratus.ffmpeg.FfmpegBinaries;
import dev.stratus.ffmpeg.FfmpegSettings;
import dev.stratus.ffmpeg.FfmpegTranscoder;
import dev.stratus.core.job.JobRetention;
import dev.stratus.server.ops.Metrics;
import dev.stratus.server.ops.MetricsJobEvents;
import dev.stratus.server.ops.OpsRoutes;
import dev.stratus.server.ops.Readiness;
import dev.stratus.firehose.FirehoseSubscriber;
import dev.stratus.jdbc.JdbcJobStore;
import dev.stratus.jdbc.StreamCursors;
import dev.stratus.server.ingest.AddressPolicy;
import dev.stratus.server.ingest.BlobFetcher;
import dev.stratus.server.ingest.CaptionPublisher;
import dev.stratus.server.ingest.FirehoseIngest;
import dev.stratus.server.ingest.HeldMediaPurge;
import dev.stratus.server.ingest.NetworkVideos;
import dev.stratus.server.ingest.PdsHostFilter;
import dev.stratus.server.ingest.PdsSources;
import dev.stratus.server.watch.OnDemand;
import dev.stratus.s3.S3BlobStore;
import dev.stratus.s3.S3Settings;
import dev.stratus.server.api.AbortUpload;
import dev.stratus.server.api.AuthPolicies;
import dev.stratus.server.api.FinishUpload;
import dev.stratus.server.api.GetUploadStatus;
import dev.stratus.server.api.StartUpload;
import dev.stratus.server.api.UploadBodies;
import dev.stratus.server.api.UploadPart;
import dev.stratus.server.api.GetJobStatus;
import dev.stratus.server.api.GetUploadLimits;
import dev.stratus.server.api.UploadVideo;
import dev.stratus.server.auth.DevTokenVerifier;
import dev.stratus.server.auth.AtprotoAuthVerifier;
import dev.stratus.server.pds.HttpPdsUploader;
import dev.stratus.server.watch.WatchRoutes;
import dev.stratus.server.xrpc.AuthVerifier;
import dev.stratus.server.xrpc.XrpcRoutes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place that builds infrastructure and wires it together. Starts
 * the job store, blob store, transcoder, workers and HTTP server; {@link #close()} stops them in
 * reverse order.
 */
public final class Services implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Services.class);
  /** Joining 300 MB of parts takes seconds; a finish held this long has surely died. */
  private static final Duration FINISH_LEASE = Duration.ofMinutes(10);
  /** The longest pause between attempts to reconnect to the event stream. */
  private static final Duration FIREHOSE_MAX_PAUSE = Duration.ofMinutes(1);
  /** How many players' first requests may wait on a video being fetched at once. */
  private static final int MAX_WAITING_VIEWERS = 64;
  // nice levels: uploads encode at 10 (FfmpegSettings.DEFAULTS), a viewer's video at 5 (three
  // times the CPU share against an upload), a stream video at 19 (an eighth).
  private static final int VIEWER_NICENESS = 5;
  private static final int STREAM_NICENESS = 19;

  private final JdbcJobStore jobs;
  private final WorkerPool workers;
  private final HttpServer http;
  private final Overload overload;
  private final UploadJanitor janitor;
  private final PeriodicTask janitorTimer;
  private final Metrics metrics;
  private final Duration shutdownGrace;
  private final @Nullable FirehoseSubscriber firehose;
  private final ScheduledExecutorService publishers;

  private Services(
      JdbcJobStore jobs,
      WorkerPool workers,
      HttpServer http,
      Overload overload,
      UploadJanitor janitor,
      PeriodicTask janitorTimer,
      Metrics metrics,
      Duration shutdownGrace,
      @Nullable FirehoseSubscriber firehose,
      ScheduledExecutorService publishers) {
    this.firehose = firehose;
    this.publishers = publishers;
    this.metrics = metrics;
    this.shutdownGrace = shutdownGrace;
    this.jobs = jobs;
    this.workers = workers;
    this.http = http;
    this.overload = overload;
    this.janitor = janitor;
    this.janitorTimer = janitorTimer;
  }

  public static Services start(Config config, Clock clock) {
    try {
      return build(config, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start: " + e.getMessage(), e);
    }
  }

  private static Services build(Config config, Clock clock) throws IOException {
    if (config.devMode()) {
      LOG.warn("*****************************************************************");
      LOG.warn("DEVELOPMENT MODE: service-auth tokens are NOT verified.");
      LOG.warn("Anyone can upload as anyone. Never run this way in production.");
      LOG.warn("*****************************************************************");
    }
    Config.Storage storage = config.storage();
    Files.createDirectories(storage.dataDir());
    BlobStore blobs = openBlobs(storage);
    // Workspaces of runs a crash interrupted: their jobs start over from the stored upload.
    OrphanEncoders.stop(storage.work());
    Workspace.deleteTree(storage.work());
    Files.createDirectories(storage.work());

    JdbcJobStore jobs = openJobs(storage, clock);
    FfmpegBinaries binaries = binaries(config.media());
    Transcoder transcoder = new FfmpegTranscoder(binaries, ffmpegSettings(config.media()));
    Metrics metrics = new Metrics(clock);
    metrics.queueDepth(jobs::waitingJobs);
    metrics.jobsByState(jobs::unfinishedByState);
    JobEvents events = JobEvents.all(List.of(new LoggingJobEvents(), new MetricsJobEvents(metrics)));
    String nodeId = nodeId();
    CachingDidResolver resolver = didResolver(config.identity(), clock);
    Config.Network network = config.network();
    SourceFetcher sources = new PdsSources(new BlobFetcher(
        resolver, AddressPolicy.publicAnd(network.fetchAllowedHosts()), network.fetchTimeout()));
    CaptionPublisher captions =
        new CaptionPublisher(blobs, jobs.videoCaptions(), sources, storage.work().resolve("captions"));
    // Publishes the first segments of videos being fetched for a viewer while they encode.
    ScheduledExecutorService publishers = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("segment-publisher").daemon(true).factory());
    Pipeline pipeline =
        new Pipeline(
            new Pipeline.Steps(
                uploadSteps(config, blobs, transcoder, captions, clock),
                ingestSteps(sources, blobs, transcoder, binaries, captions, publishers, config)),
            jobs,
            blobs,
            storage.work(),
            new Pipeline.Settings(config.workers().lease(), config.workers().maxAttempts()),
            events,
            clock);
    Config.Workers workerConfig = config.workers();
    Config.Role role = config.node().role();
    // An API node encodes nothing: its jobs wait for a worker node.
    int workerCount = role.runsWorkers() ? workerConfig.count() : 0;
    // A viewer's video never waits behind a long encode: it has workers of its own.
    int viewerLanes = role.runsWorkers() ? network.viewerWorkers() : 0;
    // Nor does an upload wait behind a video of the event stream: those have workers of their own.
    int streamLanes = role.runsWorkers() ? network.streamWorkers() : 0;
    WorkerPool workers = new WorkerPool(
        jobs, pipeline, events, workerCount, viewerLanes, streamLanes, workerConfig.pollInterval(), nodeId);
    NetworkVideos videos = new NetworkVideos(jobs, blobs, jobs.postedVideos(), jobs.videoCaptions(), jobs.mediaHolds(),
        captions, workers::wake, clock, network.removalGrace());
    OnDemand onDemand = network.onDemand()
        ? new OnDemand(videos, jobs, network.onDemandWait(), MAX_WAITING_VIEWERS)
        : null;
    Overload overload = new Overload(jobs, config.multipart().maxQueuedJobs());
    MultipartSettings multipart = multipartSettings(config.multipart());
    UploadJanitor janitor = new UploadJanitor(jobs.uploadSessions(), blobs, multipart, clock);
    OpsRoutes ops = new OpsRoutes(readiness(jobs, blobs, binaries, nodeId, clock), metrics);
    HttpServer http = role.servesApi()
        ? new HttpServer(config.http(), ops, metrics, List.of(
            xrpc(config, jobs, blobs, workers, overload, multipart, events, resolver, clock)::register,
            new WatchRoutes(blobs, jobs.mediaHolds()::hidden, onDemand)::register,
            new ServiceDidDocument(config.identity())::register))
        : new HttpServer(config.http(), ops, metrics, List.of());
    workers.start();
    http.start();
    JobRetention retention = new JobRetention(jobs, config.workers().retention(), clock);
    HeldMediaPurge purge = new HeldMediaPurge(jobs.mediaHolds(), blobs);
    PeriodicTask janitorTimer = new PeriodicTask("housekeeping", config.multipart().janitorInterval(), () -> {
      try {
        janitor.sweep();
      } finally {
        try {
          retention.sweep();
        } finally {
          purge.sweep();
        }
      }
    });
    FirehoseSubscriber firehose = role.runsWorkers() ? follow(network, jobs, videos, resolver) : null;
    // "ready in": from the JVM's start, what an operator (and bench/suite.sh) reads as startup time.
    LOG.info("Stratus ({} node {}, {} workers, {} for viewers, {} for the stream) listening on port {}, data in {};"
            + " ready in {} ms",
        role.name().toLowerCase(Locale.ROOT), nodeId, workerCount, viewerLanes, streamLanes, http.port(),
        storage.dataDir(), ManagementFactory.getRuntimeMXBean().getUptime());
    return new Services(jobs, workers, http, overload, janitor, janitorTimer, metrics, config.node().shutdownGrace(),
        firehose, publishers);
  }

  private static MultipartSettings multipartSettings(Config.Multipart multipart) {
    return new MultipartSettings(
        multipart.partSize(), multipart.expiry(), multipart.maxOpenUploads(), FINISH_LEASE, multipart.retention());
  }

  private static BlobStore openBlobs(Config.Storage storage) throws IOException {
    S3Settings s3 = storage.s3();
    if (s3 != null) {
      // Every node sees every upload, part and rendition; ffmpeg still reads only local copies.
      LOG.info("media in object storage {}", s3);
      return S3BlobStore.connect(s3);
    }
    FileBlobStore files = new FileBlobStore(storage.blobs());
    files.clearStaging();
    return files;
  }

  private static JdbcJobStore openJobs(Config.Storage storage, Clock clock) {
    Config.SharedDatabase shared = storage.shared();
    if (shared != null) {
      // Other nodes' workers hold leases here: a dead node's jobs are taken over when theirs run out.
      LOG.info("jobs in the shared database {}", shared);
      return JdbcJobStore.postgres(shared.url(), shared.user(), shared.password(), shared.connections(), clock);
    }
    JdbcJobStore jobs = JdbcJobStore.sqlite(storage.database(), clock);
    // This process alone owns the embedded store, so nobody else holds its leases.
    int resumed = jobs.releaseAllLeases();
    if (resumed > 0) {
      LOG.info("resuming {} job(s) interrupted by the last shutdown", resumed);
    }
    return jobs;
  }

  /**
   * Follows the configured event stream from its stored cursor, when there is one. Worker nodes
   * follow it (several following one stream queue each video once: admissions are under the
   * account's lock).
   */
  private static @Nullable FirehoseSubscriber follow(
      Config.Network network, JdbcJobStore jobs, NetworkVideos videos, CachingDidResolver resolver) {
    URI stream = network.firehose();
    if (stream == null) {
      return null;
    }
    StreamCursors cursors = jobs.streamCursors();
    String source = stream.toString();
    FirehoseSubscriber.Cursor cursor = new FirehoseSubscriber.Cursor() {
      @Override
      public OptionalLong load() {
        return cursors.load(source);
      }

      @Override
      public void save(long seq) {
        cursors.save(source, seq);
      }
    };
    FirehoseIngest ingest = new FirehoseIngest(videos, new PdsHostFilter(network.pdsHosts(), resolver), resolver);
    FirehoseSubscriber subscriber = new FirehoseSubscriber(stream, cursor, ingest, FIREHOSE_MAX_PAUSE);
    subscriber.start();
    LOG.info("following the event stream {}{}", stream,
        network.pdsHosts().isEmpty() ? "" : " for accounts on " + network.pdsHosts());
    return subscriber;
  }

  /**
   * A video of the network: fetched from its author's PDS and checked against its CID, probed,
   * encoded into the ladder with its first segments published as they come, stored under that
   * CID, then given its captions. No handoff: the blob is on its PDS already.
   */
  private static List<Step> ingestSteps(SourceFetcher sources, BlobStore blobs, Transcoder transcoder,
      FfmpegBinaries binaries, CaptionTracks captions, ScheduledExecutorService publishers, Config config) {
    // A viewer's encode gets more of the CPU than an upload's, a stream video's less.
    FfmpegSettings settings = ffmpegSettings(config.media());
    Transcoder forViewers = new FfmpegTranscoder(binaries, settings.withNiceness(VIEWER_NICENESS));
    Transcoder inBackground = new FfmpegTranscoder(binaries, settings.withNiceness(STREAM_NICENESS));
    InputValidator validator = new InputValidator(config.limits().input());
    return List.of(
        new FetchSourceStep(sources),
        new ProbeStep(blobs, transcoder, validator),
        new GrowingLadderStep(forViewers, inBackground, blobs, publishers),
        new ScanStep(Scanner.NONE),
        new StoreMediaStep(blobs),
        new CaptionStep(captions));
  }

  /**
   * Probe, encode, scan, then (in production) hand the MP4 to the uploader's PDS, and only then
   * publish the HLS files, so playback never serves a video its PDS refused. Development mode
   * keeps the blob here. Captions of a post that arrived meanwhile go in last.
   */
  private static List<Step> uploadSteps(
      Config config, BlobStore blobs, Transcoder transcoder, CaptionTracks captions, Clock clock) {
    List<Step> steps = new ArrayList<>();
    InputValidator validator = new InputValidator(config.limits().input());
    // What each PDS's refusals taught about its blob size limit, shared by every job of this node.
    PdsFit fit = new PdsFit(new PdsBlobLimits(clock), transcoder);
    steps.add(new ProbeStep(blobs, transcoder, validator));
    // Cautious until this node's own encodes have been timed: twice the video's length.
    steps.add(new EncodeStep(transcoder, validator, new EncodeSpeed(0.5), clock, fit));
    steps.add(new ScanStep(Scanner.NONE));
    if (!config.devMode()) {
      Config.Handoff handoff = config.handoff();
      steps.add(
          new PublishStep(
              new HttpPdsUploader(handoff.timeout()),
              clock,
              Sleeper.SYSTEM,
              new PublishStep.Retry(handoff.firstRetryDelay(), handoff.maxRetryDelay()),
              fit));
      // Only after a blob-first handoff (a short-lived token) is there a ladder left to build.
      steps.add(new LadderStep(transcoder));
    }
    steps.add(new StoreMediaStep(blobs));
    steps.add(new CaptionStep(captions));
    return steps;
  }

  /** Both upload styles pass one door and one admission, so they refuse and count alike. */
  private static XrpcRoutes xrpc(
      Config config,
      JdbcJobStore jobs,
      BlobStore blobs,
      WorkerPool workers,
      Overload overload,
      MultipartSettings multipart,
      JobEvents events,
      DidResolver resolver,
      Clock clock) {
    Config.Limits limits = config.limits();
    UploadPolicy policy =
        new UploadPolicy(limits.maxUploadBytes(), limits.dailyVideos(), limits.dailyBytes(), Duration.ofDays(1));
    UploadGate gate = UploadGate.configured(limits.deniedDids(), limits.uploadsDisabled());
    UploadDoor door = new UploadDoor(jobs, policy, gate, overload, clock);
    JobAdmission admission = new JobAdmission(jobs, door, workers::wake, events);
    JobId ids = new JobId();
    Uploads uploads = new Uploads(door, admission, blobs, ids);
    UploadSessionStore sessions = jobs.uploadSessions();
    MultipartUploads multipartUploads =
        new MultipartUploads(door, sessions, jobs, blobs, ids, multipart, limits.input(), clock);
    PartReceiver parts = new PartReceiver(door, sessions, blobs, clock);
    UploadFinisher finisher = new UploadFinisher(door, sessions, admission, jobs, blobs, multipart, clock);
    UploadAllowance allowance = new UploadAllowance(jobs, policy, gate, clock);
    Config.Identity identity = config.identity();
    AuthPolicies policies = new AuthPolicies(identity.serviceDid(), identity.extraAudiences());
    AuthVerifier verifier = config.devMode()
        ? new DevTokenVerifier()
        : new AtprotoAuthVerifier(new ServiceAuthVerifier(resolver, clock, identity.clockSkew()));
    UploadBodies bodies = new UploadBodies(config.http().uploads());
    return new XrpcRoutes(
        List.of(
            new UploadVideo(uploads, bodies, policies, clock, config.handoff().minTokenLifetime()),
            new GetJobStatus(jobs),
            new GetUploadLimits(allowance, policies),
            new StartUpload(multipartUploads, policies),
            new UploadPart(parts, bodies, policies),
            new FinishUpload(finisher, policies, clock, config.handoff().minTokenLifetime()),
            new AbortUpload(multipartUploads, policies),
            new GetUploadStatus(multipartUploads, policies)),
        verifier);
  }

  /** One cache of DID documents for token checks and blob fetches; the event stream clears entries. */
  private static CachingDidResolver didResolver(Config.Identity identity, Clock clock) {
    return new CachingDidResolver(
        new HttpDidResolver(URI.create(identity.plcUrl()), HttpDidResolver.DEFAULT_TIMEOUT), clock);
  }

  /**
   * Ready when the database answers, storage takes a write (and gives it back), and ffmpeg runs
   * (checked at most every 30 s: it starts a process).
   */
  private static Readiness readiness(
      JdbcJobStore jobs, BlobStore blobs, FfmpegBinaries binaries, String nodeId, Clock clock) {
    String probeKey = "ready/" + nodeId;
    FfmpegCheck ffmpeg = new FfmpegCheck(binaries, Duration.ofSeconds(30));
    Map<String, Readiness.Check> checks = new LinkedHashMap<>();
    checks.put("database", jobs::waitingJobs);
    checks.put("storage", () -> {
      blobs.put(probeKey, new ByteArrayInputStream(new byte[] {1}));
      blobs.delete(probeKey);
    });
    checks.put("ffmpeg", ffmpeg::check);
    return new Readiness(checks, clock);
  }

  private static FfmpegBinaries binaries(Config.Media media) {
    // Both check that ffmpeg starts, so a broken install fails here and not on the first upload.
    return media.ffmpeg() != null && media.ffprobe() != null
        ? FfmpegBinaries.system(media.ffmpeg(), media.ffprobe())
        : FfmpegBinaries.bundled();
  }

  private static FfmpegSettings ffmpegSettings(Config.Media media) {
    FfmpegSettings defaults = FfmpegSettings.DEFAULTS;
    return new FfmpegSettings(
        defaults.probeDeadline(), media.encodeTimeout(), defaults.encodeSecondsPerSecond(), defaults.niceness());
  }

  private static String nodeId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  public int port() {
    return http.port();
  }

  public JobStore jobs() {
    return jobs;
  }

  /** The multipart upload sessions, e.g. to check in tests that nothing was left open. */
  public UploadSessionStore uploadSessions() {
    return jobs.uploadSessions();
  }

  /** Sweeps expired and retired uploads now, as the timer does every few seconds. */
  public UploadJanitor.Sweep sweepUploads() throws IOException {
    return janitor.sweep();
  }

  /** Refuses new uploads and parts from now on ({@code ServiceOverloaded}), as at shutdown. */
  public void startDraining() {
    overload.startDraining();
  }

  /** The workers, e.g. to {@link WorkerPool#drain drain} them in tests. */
  public WorkerPool workers() {
    return workers;
  }

  @Override
  public void close() {
    stop(Duration.ZERO);
  }

  /**
   * Stops as a node of a fleet does on SIGTERM: new uploads get 503 {@code ServiceOverloaded} (a
   * load balancer sends them elsewhere), no new job is taken, running jobs get the configured grace
   * period to finish, and those still running then give their leases back so another node takes
   * them over at once. Reads and playback are answered until the end.
   */
  public void shutdown() {
    LOG.info("stopping: no new uploads or jobs; running jobs have {} s to finish", shutdownGrace.toSeconds());
    stop(shutdownGrace);
  }

  private void stop(Duration grace) {
    overload.startDraining();
    janitorTimer.close();
    if (firehose != null) {
      try {
        // The event in hand is handled and its cursor saved; the next start resumes after it.
        firehose.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      int interrupted = workers.shutdown(grace);
      if (interrupted > 0 && !grace.isZero()) {
        LOG.info("{} job(s) still running after the grace period were handed back", interrupted);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    publishers.shutdownNow();
    http.close();
    jobs.close();
    metrics.close();
  }
}
