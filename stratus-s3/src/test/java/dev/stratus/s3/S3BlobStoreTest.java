package dev.stratus.s3;

import dev.stratus.core.storage.BlobStore;
import dev.stratus.testkit.storage.BlobStoreContract;
import dev.stratus.testkit.storage.TestS3;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The blob store contract on an S3 endpoint (in-process), a new bucket per test. */
class S3BlobStoreTest extends BlobStoreContract {
  private static TestS3 s3;
  private final List<S3BlobStore> opened = new ArrayList<>();
  private String bucket;

  @BeforeAll
  static void startS3() {
    s3 = TestS3.start();
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @Override
  protected BlobStore newStore() {
    bucket = s3.newBucket();
    return openAnother();
  }

  @Override
  protected BlobStore openAnother() {
    S3BlobStore store = S3BlobStore.connect(new S3Settings(s3.endpoint(), "us-east-1", bucket, true, "test", "test"));
    opened.add(store);
    return store;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(S3BlobStore::close);
  }
}
