package dev.spindle.state.testing;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.changelog.ChangeSet;
import dev.spindle.state.changelog.StateChange;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.BatchPlan;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.log.SnapshotRef;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.task.StateEnvironment;
import dev.spindle.state.task.TaskState;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Drives task states through batches the way the engine does: plan, changelog per attempt,
 * commit naming the accepted attempt (and any finished snapshot), apply, snapshot when due.
 */
public final class BatchDriver implements AutoCloseable {
    private final Checkpoint checkpoint;
    private final Map<String, TaskState> states = new TreeMap<>();
    private final long epoch;
    private final int snapshotEvery;
    private long nextBatch;

    public BatchDriver(Checkpoint checkpoint, StateEnvironment env, List<String> tasks, long epoch, int snapshotEvery)
            throws IOException {
        this.checkpoint = checkpoint;
        this.epoch = epoch;
        this.snapshotEvery = snapshotEvery;
        long latest = checkpoint.commits().latestBatch().orElse(-1);
        for (String task : tasks) {
            states.put(task, TaskState.restore(env, task, latest, checkpoint.commits()));
        }
        this.nextBatch = latest + 1;
    }

    public long nextBatch() {
        return nextBatch;
    }

    public TaskState state(String task) {
        return states.get(task);
    }

    /**
     * Runs the next batch: every task's accepted attempt writes {@code changes.get(task)}. When
     * {@code awaitSnapshots}, snapshots started after the previous batch are waited for, so this
     * commit names them.
     */
    public BatchCommit runBatch(Map<String, List<StateChange>> changes, boolean awaitSnapshots) throws IOException {
        long batch = nextBatch;
        String attempt = CheckpointLayout.attempt(epoch, 0);
        checkpoint.offsets().add(new BatchPlan(batch, epoch, "{\"batch\":" + batch + "}"));
        SortedMap<String, TaskCommit> tasks = new TreeMap<>();
        Map<String, SnapshotRef> snapshots = new HashMap<>();
        for (Map.Entry<String, TaskState> entry : states.entrySet()) {
            TaskState state = entry.getValue();
            List<StateChange> taskChanges = changes.getOrDefault(entry.getKey(), List.of());
            FileRef changelog = state.writeChangelog(batch, attempt, ChangeSet.of(taskChanges));
            Optional<SnapshotRef> snapshot = awaitSnapshots ? awaitSnapshot(state) : state.finishedSnapshot();
            snapshot.ifPresent(ref -> snapshots.put(entry.getKey(), ref));
            tasks.put(entry.getKey(), new TaskCommit(attempt, changelog, snapshot.orElse(null), List.of(), Map.of()));
        }
        BatchCommit commit = checkpoint.commits().add(new BatchCommit(batch, epoch, System.currentTimeMillis(), tasks, Map.of()));
        for (Map.Entry<String, TaskState> entry : states.entrySet()) {
            entry.getValue().applyCommitted(batch, attempt,
                    ChangeSet.of(changes.getOrDefault(entry.getKey(), List.of())));
            SnapshotRef snapshot = snapshots.get(entry.getKey());
            if (snapshot != null) {
                entry.getValue().snapshotCommitted(snapshot);
            }
            if ((batch + 1) % snapshotEvery == 0) {
                entry.getValue().startSnapshot(CheckpointLayout.attempt(epoch, 0));
            }
        }
        nextBatch++;

        return commit;
    }

    private static Optional<SnapshotRef> awaitSnapshot(TaskState state) {
        try {
            return state.awaitSnapshot();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        states.values().forEach(TaskState::close);
    }
}
