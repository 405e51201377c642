package dev.stratus.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Records what the server logs while a test runs: every event that carries a stack trace, and the
 * lines that mention a given phrase, which a test can wait for (the server's only sign that it has
 * finished with a client that is already gone).
 */
final class LogWatch extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final String phrase;
  private final List<ILoggingEvent> withStackTraces = new CopyOnWriteArrayList<>();
  private final List<String> all = new CopyOnWriteArrayList<>();
  private final List<String> matching = new CopyOnWriteArrayList<>();
  private final Semaphore matches = new Semaphore(0);
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger watched;
  private final Level watchedLevel;

  /** Watches everything, and {@code logger}'s lines from INFO up for {@code phrase}. */
  LogWatch(Class<?> logger, String phrase) {
    this(logger.getName(), Level.INFO, phrase);
  }

  /** Watches everything, and the named logger's lines from {@code level} up for {@code phrase}. */
  LogWatch(String logger, Level level, String phrase) {
    this.phrase = phrase;
    this.watched = (Logger) LoggerFactory.getLogger(logger);
    this.watchedLevel = watched.getLevel();
    watched.setLevel(level);
    setContext(root.getLoggerContext());
    start();
    root.addAppender(this);
  }

  @Override
  protected void append(ILoggingEvent event) {
    all.add(event.getFormattedMessage());
    if (event.getThrowableProxy() != null) {
      withStackTraces.add(event);
    }
    if (event.getFormattedMessage().contains(phrase)) {
      matching.add(event.getFormattedMessage());
      matches.release();
    }
  }

  /** Waits until {@code count} more lines with the phrase have been logged. */
  boolean awaitMatches(int count, long seconds) throws InterruptedException {
    return matches.tryAcquire(count, seconds, TimeUnit.SECONDS);
  }

  List<String> matching() {
    return List.copyOf(matching);
  }

  /** Every line logged while watching. */
  List<String> all() {
    return List.copyOf(all);
  }

  List<String> stackTraces() {
    return withStackTraces.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
  }

  @Override
  public void close() {
    root.detachAppender(this);
    watched.setLevel(watchedLevel);
    stop();
  }
}
