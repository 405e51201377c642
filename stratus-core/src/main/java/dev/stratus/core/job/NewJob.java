package dev.stratus.core.job;


import org.jspecify.annotations.Nullable;

/**
 * What an upload hands to {@link JobStore#create}: the input is already in the blob store.
 *
 * @param inputSha256 the upload's SHA-256 in hex: the same account sending the same bytes again is
 *     a duplicate
 * @param handoff where the finished video goes, null when it stays here (development mode)
 */
public record NewJob(
    String id,
    String did,
    String inputKey,
    String inputMimeType,
    long inputSize,
    String inputSha256,
    @Nullable PdsHandoff handoff) {}
