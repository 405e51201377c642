package dev.stratus.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when a test moves it, so leases, deadlines and timestamps are checked
 * without sleeping. Safe to read from many threads; clocks made by {@link #withZone} share its
 * time.
 */
public final class MutableClock extends Clock {
  /** Where a clock made without a start begins: a whole millisecond, as stores keep time. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  public MutableClock() {
    this(DEFAULT_START);
  }

  public MutableClock(Instant start) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** Moves the time forward; a negative step is refused, use {@link #set} to go back. */
  public void advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("cannot advance by a negative duration: " + step);
    }
    now.updateAndGet(current -> current.plus(step));
  }

  /** Jumps to any instant, backwards included. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new MutableClock(now, newZone);
  }

  @Override
  public String toString() {
    return "MutableClock[" + now.get() + "," + zone + "]";
  }
}
