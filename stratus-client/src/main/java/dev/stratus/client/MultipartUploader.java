package dev.stratus.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.lexicon.FinishUploadOutput;
import dev.stratus.lexicon.JobStatus;
import dev.stratus.lexicon.LexJson;
import dev.stratus.lexicon.Nsid;
import dev.stratus.lexicon.StartUploadInput;
import dev.stratus.lexicon.StartUploadOutput;
import dev.stratus.lexicon.UploadJobInput;
import dev.stratus.lexicon.UploadState;
import dev.stratus.lexicon.UploadStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Uploads one file through the multipart API the way the Bluesky app does: start, then the parts
 * four at a time with up to five attempts each (backing off, retrying network failures, 408, 429,
 * 5xx and {@code ServiceOverloaded}), then finish; a finish that fails is followed by
 * {@code getUploadStatus}, which decides whether to send missing parts again and retry, wait for a
 * finish in progress, or give up; an unrecoverable failure aborts the upload.
 */
final class MultipartUploader {
  static final int PARTS_IN_FLIGHT = 4;
  static final int PART_ATTEMPTS = 5;
  static final int FINISH_ATTEMPTS = 4;

  private final XrpcTransport transport;
  private final Duration retryBase;

  /** The service has no multipart API (an older one, or one that never had it). */
  static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(XrpcException cause) {
      super(cause.getMessage(), cause);
    }
  }

  MultipartUploader(XrpcTransport transport, Duration retryBase) {
    this.transport = transport;
    this.retryBase = retryBase;
  }

  /**
   * Uploads {@code file} (whose size is {@code size}) under {@code name}, asking {@code token} for
   * the token of each request and counting what is sent in {@code progress}.
   */
  JobStatus upload(Supplier<String> token, Path file, String name, String mimeType, long size, SentBytes progress) {
    JsonNode started;
    try {
      started = transport.postJson(Nsid.START_UPLOAD, token.get(), new StartUploadInput(size, mimeType, name, null, null, null));
    } catch (XrpcException e) {
      // startUpload finds nothing, so a 404 can only mean the method itself is unknown.
      if (e.status() == 501 || e.status() == 404) {
        throw new Unsupported(e);
      }
      throw e;
    }
    StartUploadOutput plan = LexJson.mapper().convertValue(started, StartUploadOutput.class);
    String id = plan.jobId();
    try {
      long expectedParts = (size + plan.partSizeBytes() - 1) / plan.partSizeBytes();
      if (plan.partSizeBytes() < 1 || expectedParts != plan.partCount()) {
        throw new IllegalStateException("the video service returned an invalid multipart plan: " + plan);
      }
      sendParts(token, file, plan, allParts(plan.partCount()), progress);
      return finish(token, file, plan, progress);
    } catch (RuntimeException e) {
      abortQuietly(token, id, e);
      throw e;
    }
  }

  private JobStatus finish(Supplier<String> token, Path file, StartUploadOutput plan, SentBytes progress) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < FINISH_ATTEMPTS; attempt++) {
      try {
        JsonNode answer = transport.postJson(Nsid.FINISH_UPLOAD, token.get(), new UploadJobInput(plan.jobId()));
        return LexJson.mapper().convertValue(answer, FinishUploadOutput.class).jobStatus();
      } catch (XrpcException | UncheckedIOException e) {
        last = e;
      }
      UploadStatus status = status(token, plan.jobId());
      UploadState state = status.state();
      if (state.equals(UploadState.COMPLETED) && status.jobStatus() != null) {
        return status.jobStatus();
      } else if (state.equals(UploadState.CREATED)) {
        Set<Integer> missing = new HashSet<>(allParts(plan.partCount()));
        missing.removeAll(status.receivedParts());
        sendParts(token, file, plan, new ArrayList<>(missing), progress);
        pause(attempt);
      } else if (state.equals(UploadState.FINISHING)) {
        pause(1);
      } else if (last instanceof XrpcException refusal) {
        // Failed, aborted or expired: the finish's refusal carries the service's reason.
        throw refusal;
      } else {
        throw new XrpcException(409, "UploadFailed", "upload " + plan.jobId() + " is " + state
            + (status.failureReason() == null ? "" : ": " + status.failureReason()));
      }
    }
    throw last;
  }

  private UploadStatus status(Supplier<String> token, String id) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        HttpRequest request =
            transport.request(Nsid.GET_UPLOAD_STATUS, "jobId=" + XrpcTransport.encode(id), token.get()).GET().build();
        return LexJson.mapper().convertValue(transport.send(request, false), UploadStatus.class);
      } catch (XrpcException | UncheckedIOException e) {
        last = e;
        pause(attempt);
      }
    }
    throw last;
  }

  private void sendParts(Supplier<String> token, Path file, StartUploadOutput plan, List<Integer> parts, SentBytes progress) {
    if (parts.isEmpty()) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARTS_IN_FLIGHT, parts.size()));
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int number : parts) {
        sent.add(pool.submit(() -> sendPart(token, file, plan, number, progress)));
      }
      for (Future<?> future : sent) {
        future.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while uploading parts", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private void sendPart(Supplier<String> token, Path file, StartUploadOutput plan, int number, SentBytes progress) {
    long offset = (number - 1L) * plan.partSizeBytes();
    long length = Math.min(plan.partSizeBytes(), fileSize(file) - offset);
    String query = "jobId=" + XrpcTransport.encode(plan.jobId()) + "&partNumber=" + number;
    RuntimeException last = null;
    for (int attempt = 0; attempt < PART_ATTEMPTS; attempt++) {
      if (attempt > 0) {
        pause(attempt - 1);
      }
      SentBytes.Attempt counted = progress.attempt();
      HttpRequest request =
          transport
              .request(Nsid.UPLOAD_PART, query, token.get())
              .header("Content-Type", "application/octet-stream")
              .POST(HttpRequest.BodyPublishers.fromPublisher(
                  HttpRequest.BodyPublishers.ofInputStream(() -> counted.counting(slice(file, offset, length))), length))
              .build();
      try {
        transport.send(request, false);
        return;
      } catch (XrpcException e) {
        counted.undo();
        if (!retryable(e)) {
          throw e;
        }
        last = e;
      } catch (UncheckedIOException e) {
        counted.undo();
        last = e;
      }
    }
    throw last;
  }

  static boolean retryable(XrpcException e) {
    int status = e.status();
    return status == 408 || status == 429 || status >= 500 || "ServiceOverloaded".equals(e.error());
  }

  private void abortQuietly(Supplier<String> token, String id, RuntimeException cause) {
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        transport.postJson(Nsid.ABORT_UPLOAD, token.get(), new UploadJobInput(id));
        return;
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }

  private static List<Integer> allParts(int count) {
    List<Integer> all = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      all.add(n);
    }
    return all;
  }

  private static InputStream slice(Path file, long offset, long length) {
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      channel.position(offset);
      return new java.io.FilterInputStream(Channels.newInputStream(channel)) {
        private long left = length;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (left <= 0) {
            return -1;
          }
          int n = super.read(b, off, (int) Math.min(len, left));
          if (n > 0) {
            left -= n;
          }
          return n;
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static long fileSize(Path file) {
    try {
      return java.nio.file.Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Waits {@code retryBase · 2^attempt}, as the app's backoff does. */
  private void pause(int attempt) {
    try {
      Thread.sleep(retryBase.multipliedBy(1L << Math.min(attempt, 6)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }
}
