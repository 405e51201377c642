package dev.stratus.s3;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Where the objects live.
 *
 * @param endpoint the service's URL (e.g. {@code http://127.0.0.1:9000} for MinIO); null for AWS
 * @param region e.g. {@code us-east-1}; most S3-compatible services accept any
 * @param bucket the bucket, which must exist
 * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}, as
 *     most self-hosted services want
 * @param accessKey null to use the SDK's default credentials (environment, profile, instance role)
 * @param secretKey with {@code accessKey}
 */
public record S3Settings(
    @Nullable URI endpoint,
    String region,
    String bucket,
    boolean pathStyle,
    @Nullable String accessKey,
    @Nullable String secretKey) {
  @Override
  public String toString() {
    // Keeps the secret out of logs.
    return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", pathStyle=" + pathStyle + "]";
  }
}
