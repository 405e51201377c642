package dev.stratus.firehose;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one host's event stream ({@code subscribeRepos} of a relay or a PDS) on a thread of its
 * own: connects from the stored cursor, decodes each frame, hands the event to the handler, then
 * stores its sequence number, so a restart or a dropped connection resumes where processing
 * stopped, and an event seen twice (the spec lets a replay include the cursor's own) is handled
 * once. Broken frames, server errors and closed connections lead to a reconnect after a pause
 * that doubles up to a maximum and starts over once events flow again.
 */
public final class FirehoseSubscriber implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FirehoseSubscriber.class);
  /** The spec's limit for one frame. */
  private static final int MAX_FRAME_BYTES = 5 * 1024 * 1024;
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

  /** Where the last handled sequence number is kept. */
  public interface Cursor {
    /** The last handled sequence number; empty to start at the live tip. */
    OptionalLong load();

    void save(long seq);
  }

  /** Receives each event, in stream order; an exception stops the stream (it resumes from the cursor). */
  @FunctionalInterface
  public interface Handler {
    void handle(Event event) throws Exception;
  }

  private final URI host;
  private final Cursor cursor;
  private final Handler handler;
  private final Duration maxPause;
  private final FrameDecoder decoder = new FrameDecoder();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Thread thread;
  private volatile boolean stopping;
  private volatile @Nullable WebSocket socket;
  // Held while an event is handled and its cursor saved, so a stop never cuts between the two.
  private final Object handling = new Object();

  /**
   * @param host the relay or PDS, {@code wss://host} (or {@code https://}, {@code http://} for a local one)
   */
  public FirehoseSubscriber(URI host, Cursor cursor, Handler handler, Duration maxPause) {
    this.host = host;
    this.cursor = cursor;
    this.handler = handler;
    this.maxPause = maxPause;
    this.thread = Thread.ofPlatform().name("firehose " + host.getHost()).daemon(true).unstarted(this::follow);
  }

  public void start() {
    thread.start();
  }

  private void follow() {
    Duration pause = FIRST_PAUSE;
    while (!stopping) {
      Connection connection = new Connection(cursor.load());
      try {
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
            .buildAsync(streamUri(connection.after), connection).join();
        connection.closed.await();
        if (connection.handledAny) {
          pause = FIRST_PAUSE;
        }
        LOG.info("firehose {}: connection ended: {}", host, connection.reason);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("firehose {}: cannot connect: {}", host, e.getMessage());
      }
      if (stopping) {
        return;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(pause.toMillis()); // a backoff between attempts, not a wait for an event
      } catch (InterruptedException e) {
        return;
      }
      pause = pause.multipliedBy(2).compareTo(maxPause) > 0 ? maxPause : pause.multipliedBy(2);
    }
  }

  private URI streamUri(OptionalLong after) {
    String base = host.toString().replaceFirst("^https://", "wss://").replaceFirst("^http://", "ws://").replaceAll("/+$", "");
    return URI.create(base + "/xrpc/com.atproto.sync.subscribeRepos" + (after.isPresent() ? "?cursor=" + after.getAsLong() : ""));
  }

  /** One connection: gathers each message's parts, decodes and handles it, asks for the next. */
  private final class Connection implements WebSocket.Listener {
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
    private final OptionalLong after;
    private long last;
    private boolean handledAny;
    private String reason = "closed";

    Connection(OptionalLong after) {
      this.after = after;
      this.last = after.orElse(-1);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      LOG.info("firehose {}: following from {}", host, after.isPresent() ? "seq " + after.getAsLong() : "the live tip");
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean lastPart) {
      if (frame.size() + data.remaining() > MAX_FRAME_BYTES) {
        return end(webSocket, "a frame over " + MAX_FRAME_BYTES + " bytes");
      }
      byte[] part = new byte[data.remaining()];
      data.get(part);
      frame.writeBytes(part);
      if (lastPart) {
        byte[] whole = frame.toByteArray();
        frame.reset();
        try {
          if (!handle(decoder.decode(whole))) {
            return end(webSocket, "the server ended the stream");
          }
        } catch (FrameException e) {
          return end(webSocket, "a broken frame: " + e.getMessage());
        } catch (Exception e) {
          return end(webSocket, "the handler failed: " + e);
        }
      }
      webSocket.request(1);
      return null;
    }

    /** Handles one event; false when the stream is over (an error frame, or a stop). */
    private boolean handle(Event event) throws Exception {
      synchronized (handling) {
        if (stopping) {
          reason = "stopped";
          return false;
        }
        return handleNow(event);
      }
    }

    private boolean handleNow(Event event) throws Exception {
      if (event instanceof Event.Error error) {
        reason = "error " + error.error() + (error.message() == null ? "" : ": " + error.message());
        return false;
      }
      long seq = seqOf(event);
      if (seq >= 0 && seq <= last) {
        return true; // seen before this connection began, or twice
      }
      handler.handle(event);
      handledAny = true;
      if (seq >= 0) {
        cursor.save(seq);
        last = seq;
      }
      return true;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean lastPart) {
      return end(webSocket, "a text frame, which the event stream never sends");
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String why) {
      reason = "closed by the server (" + statusCode + (why.isEmpty() ? "" : " " + why) + ")";
      closed.countDown();
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      reason = "failed: " + error.getMessage();
      closed.countDown();
    }

    private CompletionStage<?> end(WebSocket webSocket, String why) {
      reason = why;
      webSocket.abort();
      closed.countDown();
      return CompletableFuture.completedFuture(null);
    }
  }

  private static long seqOf(Event event) {
    return switch (event) {
      case Event.Commit commit -> commit.seq();
      case Event.Account account -> account.seq();
      case Event.Identity identity -> identity.seq();
      case Event.Sync sync -> sync.seq();
      case Event.Unknown unknown -> unknown.seq();
      case Event.Info info -> -1;
      case Event.Error error -> -1;
    };
  }

  /** Stops following once the event in hand (if any) is handled; the cursor keeps the last one. */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    synchronized (handling) {
      // Waits for an event being handled: after this, nothing more is handled or saved.
    }
    WebSocket current = socket;
    if (current != null) {
      current.abort();
    }
    thread.interrupt();
    thread.join(Duration.ofSeconds(10));
  }
}
