package dev.spindle.runtime.source;

/**
 * What a job does when offsets it has yet to read are gone from Kafka (retention deleted them
 * while the job was down or behind): stop, or go on from the partition's new start and count the
 * offsets it skipped ({@code offsets_skipped}). Spark's {@code failOnDataLoss}.
 */
public enum OnDataLoss {
    FAIL,
    SKIP;

    /** What to tell a user whose job stopped on lost offsets. */
    static final String HOW_TO_SKIP = "set spindle.source.on-data-loss=skip to go on without them (they are counted"
            + " as offsets_skipped), or give the topic a longer retention";
}
