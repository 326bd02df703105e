package dev.spindle.api;

/**
 * One record read from a partition of the input: where it was (partition, offset), its key and
 * value bytes as produced (either may be null), and the producer's timestamp.
 */
public record SourceRecord(int partition, long offset, byte[] key, byte[] value, long timestampMillis) {}
