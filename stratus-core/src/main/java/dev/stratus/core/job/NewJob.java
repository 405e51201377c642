package dev.stratus.core.job;


import org.jspecify.annotations.Nullable;

/**
 * What an upload hands to {@link JobStore#create}: the input is already in the blob store.
 *
 * @param handoff where the finished video goes, null when it stays here (development mode)
 */
public record NewJob(
    String id,
    String did,
    String inputKey,
    String inputMimeType,
    long inputSize,
    @Nullable PdsHandoff handoff) {}
