package dev.stratus.atproto;

import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Collects a response body into bytes but gives up past a limit, so a remote host cannot make us
 * buffer an endless document. (The JDK's own limiting handler arrived only in Java 25.)
 */
final class SizeLimitedBody implements BodySubscriber<byte[]> {
  private final BodySubscriber<byte[]> bytes = BodySubscribers.ofByteArray();
  private final long maxBytes;
  private Flow.@Nullable Subscription subscription;
  private long received;
  private boolean failed;

  SizeLimitedBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return bytes.getBody();
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    bytes.onSubscribe(subscription);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (failed) {
      return;
    }
    for (ByteBuffer item : items) {
      received += item.remaining();
    }
    if (received > maxBytes) {
      failed = true;
      if (subscription != null) {
        subscription.cancel();
      }
      bytes.onError(new IOException("response body exceeds " + maxBytes + " bytes"));
      return;
    }
    bytes.onNext(items);
  }

  @Override
  public void onError(Throwable error) {
    if (!failed) {
      bytes.onError(error);
    }
  }

  @Override
  public void onComplete() {
    if (!failed) {
      bytes.onComplete();
    }
  }
}
