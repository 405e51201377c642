package dev.stratus.server;

import dev.stratus.testkit.sql.TestPostgres;
import dev.stratus.testkit.storage.TestS3;
import java.util.HashMap;
import java.util.Map;

/** The settings that put nodes on one PostgreSQL database and one S3 bucket, as a fleet shares them. */
final class SharedStorage {
  private SharedStorage() {}

  /** The environment of a node on {@code database} and {@code bucket} of {@code s3}; a mutable map, to add to. */
  static Map<String, String> env(TestPostgres database, TestS3 s3, String bucket) {
    return new HashMap<>(Map.of(
        "STRATUS_DATABASE_URL", database.url(),
        "STRATUS_S3_ENDPOINT", s3.endpoint().toString(),
        "STRATUS_S3_BUCKET", bucket,
        "STRATUS_S3_ACCESS_KEY", "test",
        "STRATUS_S3_SECRET_KEY", "test"));
  }
}
