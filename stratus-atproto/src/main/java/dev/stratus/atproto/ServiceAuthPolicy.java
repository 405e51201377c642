package dev.stratus.atproto;

import java.util.ArrayList;
import java.util.List;

/**
 * What an endpoint accepts: one or more alternatives, each an expected {@code lxm} with an audience
 * rule. A token passes if any alternative matches both. (video.bsky.app's {@code getUploadLimits},
 * for instance, takes its own token or, from older apps, the uploadBlob token for the user's PDS.)
 *
 * @param alternatives in the order given; never empty
 */
public record ServiceAuthPolicy(List<Alternative> alternatives) {
  /**
   * One accepted combination.
   *
   * @param lxm the NSID the token's {@code lxm} must equal
   * @param audience which {@code aud} values go with it
   */
  public record Alternative(String lxm, AudienceRule audience) {}

  public ServiceAuthPolicy {
    if (alternatives.isEmpty()) {
      throw new IllegalArgumentException("a policy needs at least one alternative");
    }
    alternatives = List.copyOf(alternatives);
  }

  /** A policy with a single alternative. */
  public static ServiceAuthPolicy of(String lxm, AudienceRule audience) {
    return new ServiceAuthPolicy(List.of(new Alternative(lxm, audience)));
  }

  /** This policy with one more accepted alternative. */
  public ServiceAuthPolicy or(String lxm, AudienceRule audience) {
    List<Alternative> more = new ArrayList<>(alternatives);
    more.add(new Alternative(lxm, audience));
    return new ServiceAuthPolicy(more);
  }
}
