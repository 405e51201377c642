package dev.stratus.s3;

import dev.stratus.core.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link BlobStore} in an S3 bucket (AWS, MinIO, Garage, R2, …), so every node sees every upload,
 * part and rendition. Objects are written whole: small ones in one {@code PutObject}, large ones
 * as a multipart upload that is completed only when every part is in (and aborted otherwise), so
 * a reader never sees half an object. Reads are ranged {@code GetObject}s, streamed.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
  /** Objects up to this size go in one request; larger ones in parts of this size (S3's minimum is 5 MiB). */
  static final int PART_BYTES = 8 * 1024 * 1024;
  /** DeleteObjects takes at most this many keys. */
  private static final int DELETE_BATCH = 1000;

  private final S3Client s3;
  private final String bucket;

  S3BlobStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** A store on the bucket {@code settings} name, with a client of its own. */
  public static S3BlobStore connect(S3Settings settings) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .region(Region.of(settings.region()))
        .forcePathStyle(settings.pathStyle())
        .credentialsProvider(settings.accessKey() == null
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return new S3BlobStore(builder.build(), settings.bucket());
  }

  @Override
  public long put(String key, InputStream content) throws IOException {
    check(key);
    byte[] first = content.readNBytes(PART_BYTES);
    if (first.length < PART_BYTES) {
      call(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(first)));
      return first.length;
    }
    return putInParts(key, first, content);
  }

  /** A multipart upload of {@code first} and the rest of {@code content}, one part in memory at a time. */
  private long putInParts(String key, byte[] first, InputStream content) throws IOException {
    String uploadId = call(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key))).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    long size = 0;
    try {
      byte[] part = first;
      while (part.length > 0) {
        int number = parts.size() + 1;
        byte[] body = part;
        String etag = call(() -> s3.uploadPart(
            b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number), RequestBody.fromBytes(body))).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        size += part.length;
        part = content.readNBytes(PART_BYTES);
      }
      call(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
          .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())));
      return size;
    } catch (IOException | RuntimeException e) {
      abortQuietly(key, uploadId, e);
      throw e;
    }
  }

  @Override
  public void putFile(String key, Path file, boolean moveAllowed) throws IOException {
    check(key);
    if (Files.size(file) <= PART_BYTES) {
      call(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file)));
    } else {
      try (InputStream in = Files.newInputStream(file)) {
        put(key, in);
      }
    }
    if (moveAllowed) {
      Files.deleteIfExists(file);
    }
  }

  @Override
  public Optional<Long> size(String key) throws IOException {
    check(key);
    try {
      return Optional.of(call(() -> s3.headObject(b -> b.bucket(bucket).key(key))).contentLength());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    check(key);
    if (length <= 0) {
      return InputStream.nullInputStream();
    }
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    return call(() -> s3.getObject(b -> b.bucket(bucket).key(key).range(range)));
  }

  @Override
  public void copyTo(String key, Path target) throws IOException {
    check(key);
    // Into a file beside the target, then renamed: a reader of the target never sees half of it.
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try (InputStream in = call(() -> s3.getObject(b -> b.bucket(bucket).key(key)))) {
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    check(key);
    call(() -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
  }

  @Override
  public void deleteAll(String folder) throws IOException {
    check(folder);
    String prefix = folder + "/";
    List<ObjectIdentifier> batch = new ArrayList<>();
    for (S3Object object : call(() -> s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents())) {
      batch.add(ObjectIdentifier.builder().key(object.key()).build());
      if (batch.size() == DELETE_BATCH) {
        deleteBatch(batch);
      }
    }
    deleteBatch(batch);
  }

  private void deleteBatch(List<ObjectIdentifier> batch) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    Delete delete = Delete.builder().objects(List.copyOf(batch)).quiet(true).build();
    call(() -> s3.deleteObjects(b -> b.bucket(bucket).delete(delete)));
    batch.clear();
  }

  private void abortQuietly(String key, String uploadId, Exception cause) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      cause.addSuppressed(e);
    }
  }

  private static void check(String key) {
    if (!BlobStore.isValidKey(key)) {
      throw new IllegalArgumentException("invalid blob key: " + key);
    }
  }

  /** An S3 call; its failures become IOExceptions, as the port promises ({@code NoSuchFileException} for a missing key). */
  private static <T> T call(S3Call<T> call) throws IOException {
    try {
      return call.run();
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(e.getMessage());
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new NoSuchFileException(e.getMessage());
      }
      throw new IOException("object storage: " + e.getMessage(), e);
    } catch (AbortedException e) {
      throw new InterruptedIOException("interrupted during a call to object storage");
    } catch (SdkException e) {
      throw new IOException("object storage: " + e.getMessage(), e);
    }
  }

  private interface S3Call<T> {
    T run() throws IOException;
  }

  @Override
  public void close() {
    s3.close();
  }
}
