package dev.stratus.core.job;

import java.util.Objects;

/**
 * Where and with what a finished video goes to the uploader's PDS: the PDS's base URL and the
 * uploader's own {@code com.atproto.repo.uploadBlob} service token, forwarded unchanged. It is
 * kept with the job only until the handoff ends; {@link #toString()} never shows the token.
 */
public record PdsHandoff(String pdsUrl, String token) {
  public PdsHandoff {
    Objects.requireNonNull(pdsUrl, "pdsUrl");
    Objects.requireNonNull(token, "token");
  }

  @Override
  public String toString() {
    return "PdsHandoff[pdsUrl=" + pdsUrl + ", token=<redacted>]";
  }
}
