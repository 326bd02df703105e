package dev.spindle.runtime.driver;

import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.retention.GcReport;

/**
 * Hears about every batch the driver commits, about triggers that found nothing to do, and about
 * the checkpoint's garbage collections.
 */
@FunctionalInterface
public interface BatchListener {
    void committed(PlannedBatch plan, BatchCommit commit, BatchTimings timings);

    /**
     * A processing-time trigger fired and found nothing to do (no record to read, no watermark to
     * move): the driver is alive and caught up at {@code atMillis}.
     */
    default void idle(long atMillis) {}

    /** The checkpoint's garbage collection ran after a batch: which commits it kept, what it deleted. */
    default void collected(GcReport report) {}

    BatchListener NONE = (plan, commit, timings) -> {};

    /**
     * Where a batch's time went: planning ({@code offsets/<b>}), executing (tasks read, process,
     * write changelogs and staged output), committing (writing {@code commits/<b>} and applying
     * state) and publishing. {@code totalMillis} is the whole batch.
     */
    record BatchTimings(long planMillis, long executeMillis, long commitMillis, long publishMillis, long totalMillis) {}
}
