package dev.stratus.core.job;

/** Videos and bytes one account uploaded in a window. */
public record Usage(long videos, long bytes) {}
