package dev.stratus.server.api;

import dev.stratus.core.job.Uploads;
import dev.stratus.server.xrpc.MinimumRateStream;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Hands upload methods their request body under the rules that keep slow clients from holding
 * the server: a place within the account's and the address's caps for as long as the body is
 * read, and a floor on the rate it arrives at.
 */
public final class UploadBodies {
  static final long MAX_DRAINED_BYTES = 16L << 20;
  private final UploadBodyLimits limits;
  private final UploadSlots slots;

  /** What an upload method does with the body it is given. */
  @FunctionalInterface
  interface Reader<T> {
    T read(Uploads.Body body) throws Exception;
  }

  public UploadBodies(UploadBodyLimits limits) {
    this.limits = limits;
    this.slots = new UploadSlots(limits.perAccount(), limits.perAddress());
  }

  /**
   * Runs {@code reader} in one of {@code did}'s upload places. The body it gets is opened only
   * when it asks: the container owns the request stream, so it is never closed here, or a refusal
   * could tear the connection down before its answer is written.
   */
  <T> T read(Context ctx, String did, Reader<T> reader) throws Exception {
    try (UploadSlots.Slot slot = slots.take(did, ctx.ip())) {
      try {
        return reader.read(() -> guarded(ctx.req().getInputStream()));
      } catch (Exception refused) {
        drainRest(ctx);
        throw refused;
      }
    }
  }

  /**
   * Reads what is left of a refused body, when that is at most {@value #MAX_DRAINED_BYTES} bytes
   * (a part, a small video), at the usual floor on its rate. A client that sends its whole body
   * before it reads the answer (most do, none waits for {@code 100-continue}) would otherwise
   * have the connection closed under it mid-send and never read why it was refused. A larger body
   * is cut off: reading it would cost more than the client's confusion.
   */
  private void drainRest(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared < 0 || declared > MAX_DRAINED_BYTES) {
      return;
    }
    try {
      guarded(ctx.req().getInputStream()).transferTo(OutputStream.nullOutputStream());
    } catch (IOException | RuntimeException e) {
      // The client went away or sent too slowly: nothing more to do for it.
    }
  }

  private InputStream guarded(InputStream body) {
    if (limits.minBytesPerSecond() <= 0) {
      return body;
    }
    return new MinimumRateStream(body, limits.minBytesPerSecond(), limits.rateWindow(), System::nanoTime);
  }
}
