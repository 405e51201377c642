package dev.stratus.server.api;

import dev.stratus.core.job.Uploads;
import dev.stratus.server.xrpc.MinimumRateStream;
import io.javalin.http.Context;
import java.io.InputStream;

/**
 * Hands upload methods their request body under the rules that keep slow clients from holding
 * the server: a place within the account's and the address's caps for as long as the body is
 * read, and a floor on the rate it arrives at.
 */
public final class UploadBodies {
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
      return reader.read(() -> guarded(ctx.req().getInputStream()));
    }
  }

  private InputStream guarded(InputStream body) {
    if (limits.minBytesPerSecond() <= 0) {
      return body;
    }
    return new MinimumRateStream(body, limits.minBytesPerSecond(), limits.rateWindow(), System::nanoTime);
  }
}
