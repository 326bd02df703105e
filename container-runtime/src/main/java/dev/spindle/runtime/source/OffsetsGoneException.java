package dev.spindle.runtime.source;

import java.io.IOException;

/**
 * Offsets a batch is to read are no longer in the partition: retention (or a
 * {@code deleteRecords}) moved its start past them. The records from {@link #from()} up to
 * {@link #logStart()} are lost to the job; whether it goes on without them is
 * {@link OnDataLoss}'s decision.
 */
public final class OffsetsGoneException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final long from;
    private final long logStart;

    public OffsetsGoneException(String topic, int partition, long from, long logStart) {
        super("offsets " + from + ".." + (logStart - 1) + " of partition " + partition + " of input topic '" + topic
                + "' are gone from Kafka (the partition now starts at " + logStart + ": retention deleted them before"
                + " they were read), so the job stops; " + OnDataLoss.HOW_TO_SKIP);
        this.partition = partition;
        this.from = from;
        this.logStart = logStart;
    }

    public int partition() {
        return partition;
    }

    /** The first offset that could not be read. */
    public long from() {
        return from;
    }

    /** The partition's first offset now. */
    public long logStart() {
        return logStart;
    }
}
