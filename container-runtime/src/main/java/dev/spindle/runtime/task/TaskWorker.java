package dev.spindle.runtime.task;

import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.CrashPoints;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.plan.TaskNames;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.sink.StagedOutput;
import dev.spindle.runtime.source.PartitionSource;
import dev.spindle.state.changelog.ChangeSet;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.log.OutputFile;
import dev.spindle.state.log.SnapshotRef;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.rocksdb.StateId;
import dev.spindle.state.task.StateEnvironment;
import dev.spindle.state.task.StateUnavailableException;
import dev.spindle.state.task.TaskState;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task (one input partition) on one executor: its reader, its state, its last attempt.
 * Call order per batch {@code b}: {@link #run} (an attempt: opens exactly the state
 * {@code commits/<b-1>} names — invariant I3 — executes, persists, reports), then {@link #committed}
 * once {@code commits/<b>} exists. Driven by one thread at a time.
 */
public final class TaskWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskWorker.class);
    private final String task;
    private final int partition;
    private final TaskProcessor processor;
    private final Checkpoint checkpoint;
    private final StateEnvironment env;
    private final PartitionSource.Reader reader;
    private final OutputLocation output;
    private final int snapshotEvery;
    private volatile TaskState state;
    private Attempt pending;

    /** The last attempt's changes, kept until its commit is known. */
    private record Attempt(long batch, String attempt, ChangeSet changes) {}

    public TaskWorker(int partition, StreamJob job, Checkpoint checkpoint, StateEnvironment env,
            PartitionSource.Reader reader, OutputLocation output, int snapshotEvery) {
        this.task = taskName(partition);
        this.partition = partition;
        this.processor = new TaskProcessor(job);
        this.checkpoint = checkpoint;
        this.env = env;
        this.reader = reader;
        this.output = output;
        this.snapshotEvery = snapshotEvery;
    }

    /** Tasks are named after their stage and partition: {@code s0-p3} ({@link TaskNames}). */
    public static String taskName(int partition) {
        return TaskNames.of(partition);
    }

    public String task() {
        return task;
    }

    public int partition() {
        return partition;
    }

    /**
     * The batch of the committed state this worker holds (-1: the empty state), or empty before
     * its first attempt opened any. Read by other threads for announcements: advisory only.
     */
    public OptionalLong committedBatch() {
        TaskState current = state;
        return current == null ? OptionalLong.empty() : OptionalLong.of(current.stateId().batch());
    }

    /** Executes and persists one attempt of {@code plan}'s batch: changelog, staged output, report. */
    public TaskReport run(PlannedBatch plan, String attempt) throws IOException {
        long batch = plan.batch();
        long begin = System.nanoTime();
        restoreTo(batch - 1, attempt);
        StateOverlay overlay = overlay(plan);
        TaskProcessor.Output result = processor.process(plan, partition, reader, overlay);
        ChangeSet changes = overlay.changes();
        long processed = System.nanoTime();
        result.counters().processMillis = (processed - begin) / 1_000_000;
        pending = new Attempt(batch, attempt, changes);
        FileRef changelog = state.writeChangelog(batch, attempt, changes);
        CrashPoints.reached(CrashPoints.AFTER_CHANGELOG, batch);
        List<OutputFile> outputs = StagedOutput.stage(env.fs(), output, batch, task, attempt, result.rows(),
                result.deadLetters());
        Optional<SnapshotRef> snapshot = state.finishedSnapshot();
        result.counters().persistMillis = (System.nanoTime() - processed) / 1_000_000;
        return new TaskReport(task, attempt, changelog, snapshot.orElse(null), outputs, result.counters());
    }

    /** {@code commits/<b>} exists: apply this executor's attempt if it is the accepted one, snapshot when due. */
    public void committed(BatchCommit commit) throws IOException {
        TaskCommit accepted = commit.tasks().get(task);
        if (accepted == null || pending == null || pending.batch() != commit.batch()
                || !pending.attempt().equals(accepted.attempt())) {
            return; // another attempt won: the store stays at the batch before, and catches up on the next run
        }
        state.applyCommitted(commit.batch(), accepted.attempt(), pending.changes());
        pending = null;
        if (accepted.snapshot() != null) {
            state.snapshotCommitted(accepted.snapshot());
        }
        if ((commit.batch() + 1) % snapshotEvery == 0) {
            state.startSnapshot(accepted.attempt());
        }
    }

    /** An overlay sized for about three keys per record: its dedup entry, its window, a deleted window. */
    private StateOverlay overlay(PlannedBatch plan) {
        return new StateOverlay(state.store(),
                (int) Math.min(1 << 23, 3 * plan.recordCount(partition)));
    }

    /**
     * Brings the state to exactly what {@code commits/<batch>} names for this task (I3): as it is
     * when warm, by replaying the changelogs of batches other executors ran, or by a restore from
     * the checkpoint. When files the restore needs are damaged, the restore falls back to the
     * newest commit that verifies and the batches after it are re-executed, state only (their
     * output is published already), from their plans; a snapshot of the result, taken by
     * {@code attempt}, lets the next commit name state that needs no damaged file.
     */
    private void restoreTo(long batch, String attempt) throws IOException {
        StateId required = batch < 0 ? StateId.EMPTY : requiredState(batch);
        if (state != null && pending != null && pending.batch() == batch && required.attempt().equals(pending.attempt())) {
            state.applyCommitted(batch, pending.attempt(), pending.changes()); // its commit was never delivered
        }
        pending = null;
        if (state != null && state.stateId().equals(required)) {
            return;
        }
        if (state != null && state.stateId().batch() < batch && isCommitted(state.stateId())) {
            try {
                state.catchUp(batch, checkpoint.commits()); // batches another executor ran
                return;
            } catch (StateUnavailableException | CorruptFileException e) {
                // the changelogs in between are gone or damaged: restore instead
            }
        }
        closeState();
        state = TaskState.restore(env, task, batch, checkpoint.commits());
        long reached = state.stateId().batch();
        if (reached < batch) {
            LOG.warn("FALLBACK: task {}: re-executing batches {}..{} from commit {}, state only (their output is "
                    + "published already)", task, reached + 1, batch, reached);
            for (long replayed = reached + 1; replayed <= batch; replayed++) {
                reExecute(replayed);
            }
            try {
                state.startSnapshot(attempt);
                state.awaitSnapshot();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while snapshotting task " + task);
            }
        }
    }

    /** Re-executes committed {@code batch} from its plan without writing anything; the state moves to it. */
    private void reExecute(long batch) throws IOException {
        PlannedBatch plan = PlannedBatch.fromJson(batch, checkpoint.offsets().get(batch)
                .orElseThrow(() -> new StateUnavailableException("task " + task + ": offsets/" + batch + " is gone"))
                .planJson());
        StateOverlay overlay = overlay(plan);
        processor.process(plan, partition, reader, overlay);
        state.applyCommitted(batch, requiredState(batch).attempt(), overlay.changes());
    }

    private StateId requiredState(long batch) throws IOException {
        BatchCommit commit = checkpoint.commits().get(batch).orElseThrow(() -> new StateUnavailableException(
                "task " + task + ": commits/" + batch + " does not exist"));
        return new StateId(batch, commit.tasks().get(task).attempt());
    }

    private boolean isCommitted(StateId id) throws IOException {
        return id.equals(StateId.EMPTY) || (id.batch() >= 0 && checkpoint.commits().get(id.batch())
                .map(c -> c.tasks().get(task) != null && c.tasks().get(task).attempt().equals(id.attempt()))
                .orElse(false));
    }

    private void closeState() {
        if (state != null) {
            state.close();
            state = null;
        }
    }

    @Override
    public void close() {
        closeState();
        reader.close();
    }
}
