package dev.stratus.core.storage;

import dev.stratus.testkit.storage.BlobStoreContract;
import java.io.IOException;
import java.nio.file.Path;

/** The blob store contract on the embedded file store; another node is another store on the folder. */
class FileBlobStoreContractTest extends BlobStoreContract {
  private Path root;

  @Override
  protected BlobStore newStore() throws IOException {
    root = scratch.resolve("blobs");
    return new FileBlobStore(root);
  }

  @Override
  protected BlobStore openAnother() throws IOException {
    return new FileBlobStore(root);
  }
}
