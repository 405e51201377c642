package dev.stratus.jdbc;

/** The database failed an operation; the message names the operation and the job or worker. */
public final class JobStoreException extends RuntimeException {
  public JobStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
