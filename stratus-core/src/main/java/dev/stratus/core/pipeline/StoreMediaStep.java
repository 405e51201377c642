package dev.stratus.core.pipeline;

import dev.stratus.core.media.MediaLayout;
import dev.stratus.core.storage.BlobKeys;
import dev.stratus.core.storage.BlobStore;
import dev.stratus.lexicon.FailureCode;
import dev.stratus.lexicon.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Moves the encoded files into the blob store under {@code media/{did}/{cid}/}, where playback
 * finds them. The master playlist goes last, so a player never finds it before its renditions.
 */
public final class StoreMediaStep implements Step {
  private final BlobStore blobs;

  public StoreMediaStep(BlobStore blobs) {
    this.blobs = blobs;
  }

  @Override
  public @Nullable JobState state() {
    return null;
  }

  @Override
  public FailureCode failureCode() {
    return FailureCode.GENERIC_FAILURE;
  }

  @Override
  public void run(JobContext job) throws Exception {
    Path output = job.output();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(output)) {
      files = walk.filter(Files::isRegularFile).sorted(StoreMediaStep::masterLast).toList();
    }
    String did = job.job().did();
    String cid = job.blob().cid();
    for (Path file : files) {
      String relative =
          output.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
      if (job.alreadyStored().contains(relative)) {
        continue;
      }
      blobs.putFile(BlobKeys.media(did, cid, relative), file, true);
    }
  }

  private static int masterLast(Path a, Path b) {
    return Boolean.compare(isMaster(a), isMaster(b));
  }

  private static boolean isMaster(Path file) {
    return file.getNameCount() > 0
        && file.getFileName().toString().equals(MediaLayout.MASTER_PLAYLIST);
  }
}
