package dev.stratus.core.job;

/** What an upload hands to {@link JobStore#create}: the input is already in the blob store. */
public record NewJob(String id, String did, String inputKey, String inputMimeType, long inputSize) {}
