package dev.spindle.runtime.driver;

import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.state.log.BatchCommit;

/** Hears about every batch the driver commits, e.g. to print progress. */
@FunctionalInterface
public interface BatchListener {
    void committed(PlannedBatch plan, BatchCommit commit, long durationMillis);

    BatchListener NONE = (plan, commit, duration) -> {};
}
