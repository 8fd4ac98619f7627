package io.cairn.storage.rocks;

/**
 * What one garbage collection did.
 *
 * @param blocksRemoved blocks deleted
 * @param bytesRemoved their total size
 * @param candidatesSeen entries of the candidate set examined (removed, found live, or held by a temporary pin)
 */
public record GcResult(long blocksRemoved, long bytesRemoved, long candidatesSeen) {}
