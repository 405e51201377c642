package dev.stratus.core.job;

/** The outcome of {@link JobStore#admit}. */
public sealed interface Admission {
  /** The job was stored. */
  record Created(Job job) implements Admission {}

  /** The account already sent these bytes; {@code existing} is that job (running or completed). */
  record Duplicate(Job existing) implements Admission {}

  /** The job would exceed the quota; nothing was stored. */
  record OverQuota(Usage used) implements Admission {}
}
