package dev.spindle.state.task;

import dev.spindle.state.log.FileRef;
import dev.spindle.state.log.SnapshotRef;
import dev.spindle.state.rocksdb.StateId;
import java.util.List;

/**
 * How to rebuild a task's state as of {@code targetBatch}: start from {@code snapshot} (null: the
 * empty state; {@code snapshotAttempt} is the attempt its commit accepted) and apply, in order, the changelog of every batch after it.
 */
public record RestorePlan(String task, long targetBatch, SnapshotRef snapshot, String snapshotAttempt, List<Step> steps) {

    public RestorePlan {
        steps = List.copyOf(steps);
    }

    /** One committed batch to replay: its accepted attempt and changelog (null when it changed nothing). */
    public record Step(long batch, String attempt, FileRef changelog) {}

    /** The state the plan ends in: the last step's, or the snapshot's when there are none. */
    public StateId stateId() {
        if (!steps.isEmpty()) {
            Step last = steps.get(steps.size() - 1);
            return new StateId(last.batch(), last.attempt());
        }
        return snapshot == null ? StateId.EMPTY : new StateId(snapshot.stateBatch(), snapshotAttempt);
    }

    /** The batch of the state the plan starts from; -1 for the empty state. */
    public long baseBatch() {
        return snapshot == null ? -1 : snapshot.stateBatch();
    }
}
