package dev.stratus.server.api;

import dev.stratus.atproto.AudienceRule;
import dev.stratus.atproto.ServiceAuthPolicy;
import dev.stratus.lexicon.Nsid;
import java.util.Set;

/**
 * What each authenticated route demands of a service-auth token (the protocol reference's §4.6).
 * Upload routes take the uploader's {@code com.atproto.repo.uploadBlob} token, addressed to their
 * own PDS, because Stratus forwards it there. {@code getUploadLimits} takes a token addressed to
 * this service, or the uploadBlob token that older Bluesky apps send.
 */
public final class AuthPolicies {
  private final ServiceAuthPolicy uploadBlob;
  private final ServiceAuthPolicy getUploadLimits;

  public AuthPolicies(String serviceDid, Set<String> extraAudiences) {
    AudienceRule usersPds = AudienceRule.issuersPds(extraAudiences);
    this.uploadBlob = ServiceAuthPolicy.of(Nsid.REPO_UPLOAD_BLOB, usersPds);
    this.getUploadLimits =
        ServiceAuthPolicy.of(Nsid.GET_UPLOAD_LIMITS, AudienceRule.serviceDid(serviceDid))
            .or(Nsid.REPO_UPLOAD_BLOB, usersPds);
  }

  /** {@code uploadVideo} and the multipart methods. */
  public ServiceAuthPolicy uploadBlob() {
    return uploadBlob;
  }

  public ServiceAuthPolicy getUploadLimits() {
    return getUploadLimits;
  }
}
