package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/**
 * The state of a multipart upload session ({@code app.bsky.video.getUploadStatus#state}). A session
 * is {@link #CREATED} while parts may be sent, {@link #FINISHING} while its parts are being joined,
 * then ends in one of the four terminal states. Unknown values read from the wire are kept.
 */
public final class UploadState extends OpenEnum {
  public static final UploadState CREATED = new UploadState("created");
  public static final UploadState FINISHING = new UploadState("finishing");
  public static final UploadState COMPLETED = new UploadState("completed");
  public static final UploadState FAILED = new UploadState("failed");
  public static final UploadState ABORTED = new UploadState("aborted");
  public static final UploadState EXPIRED = new UploadState("expired");

  public static final List<UploadState> KNOWN =
      List.of(CREATED, FINISHING, COMPLETED, FAILED, ABORTED, EXPIRED);

  private UploadState(String value) {
    super(value);
  }

  @JsonCreator
  public static UploadState of(String value) {
    return lookup(KNOWN, value, UploadState::new);
  }

  /** True once nothing more can happen to the session: completed, failed, aborted or expired. */
  public boolean isTerminal() {
    return !equals(CREATED) && !equals(FINISHING);
  }
}
