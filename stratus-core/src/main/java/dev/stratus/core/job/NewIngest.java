package dev.stratus.core.job;

/**
 * A job that plays a video of the network: its blob {@code sourceCid} is fetched from the PDS of
 * {@code did}, encoded into the HLS ladder and kept under that CID. There is no handoff: the blob
 * is on its PDS already.
 *
 * @param declaredSize the blob's size as the post declares it (0 when not known); checked again
 *     against the bytes fetched
 */
public record NewIngest(String id, String did, String sourceCid, long declaredSize, JobPriority priority) {}
