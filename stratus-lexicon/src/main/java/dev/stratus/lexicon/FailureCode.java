package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** {@code app.bsky.video.defs#jobStatus.failureCode}; unknown values read from the wire are kept. */
public final class FailureCode extends OpenEnum {
  public static final FailureCode VALIDATION_FAILURE = new FailureCode("validation_failure");
  public static final FailureCode ENCODING_FAILURE = new FailureCode("encoding_failure");
  public static final FailureCode PDS_UPLOAD_FAILURE = new FailureCode("pds_upload_failure");
  public static final FailureCode PDS_UPLOAD_UNSUPPORTED_BLOB_SIZE =
      new FailureCode("pds_upload_unsupported_blob_size");
  public static final FailureCode GENERIC_FAILURE = new FailureCode("generic_failure");

  public static final List<FailureCode> KNOWN =
      List.of(
          VALIDATION_FAILURE,
          ENCODING_FAILURE,
          PDS_UPLOAD_FAILURE,
          PDS_UPLOAD_UNSUPPORTED_BLOB_SIZE,
          GENERIC_FAILURE);

  private FailureCode(String value) {
    super(value);
  }

  @JsonCreator
  public static FailureCode of(String value) {
    return lookup(KNOWN, value, FailureCode::new);
  }

  public boolean isKnown() {
    return KNOWN.contains(this);
  }
}
