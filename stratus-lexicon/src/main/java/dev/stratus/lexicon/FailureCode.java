package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;

/** {@code app.bsky.video.defs#jobStatus.failureCode}; unknown values read from the wire are kept. */
public final class FailureCode {
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

  private final String value;

  private FailureCode(String value) {
    this.value = value;
  }

  @JsonCreator
  public static FailureCode of(String value) {
    Objects.requireNonNull(value, "failureCode");
    for (FailureCode known : KNOWN) {
      if (known.value.equals(value)) {
        return known;
      }
    }
    return new FailureCode(value);
  }

  @JsonValue
  public String value() {
    return value;
  }

  public boolean isKnown() {
    return KNOWN.contains(this);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FailureCode that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
