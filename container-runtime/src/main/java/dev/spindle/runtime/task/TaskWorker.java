package dev.spindle.runtime.task;

import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.CrashPoints;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.plan.TaskNames;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.sink.StagedOutput;
import dev.spindle.runtime.source.PartitionSource;
import dev.spindle.runtime.table.TableCache;
import dev.spindle.state.changelog.ChangeSet;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.log.OutputFile;
import dev.spindle.state.log.SnapshotRef;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.rocksdb.StateId;
import dev.spindle.state.rocksdb.StateIterator;
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
 * One task on one executor: a task of stage 0 (one input partition, with its reader) or of the
 * stage after a shuffle (which reads its block of every upstream task's shuffle file); its state,
 * its last attempt. Call order per batch {@code b}: {@link #run} (an attempt: opens exactly the state
 * {@code commits/<b-1>} names — invariant I3 — executes, persists, reports), then {@link #committed}
 * once {@code commits/<b>} exists. Driven by one thread at a time.
 */
public final class TaskWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskWorker.class);
    private final String task;
    private final int stage;
    private final int partition;
    private final StreamJob job;
    private final TaskProcessor processor;
    private final TableCache tables;
    private final Checkpoint checkpoint;
    private final StateEnvironment env;
    private final PartitionSource.Reader reader;
    private final OutputLocation output;
    private final int snapshotEvery;
    private final short shuffleReplication;
    private final boolean deduplicates;
    private final long dedupTtlMillis;
    private volatile TaskState state;
    /** The committed dedup entries, which RocksDB holds only as of the last write-back ({@link DedupIndex}). */
    private final DedupIndex dedup = new DedupIndex();
    /** The committed open windows, which RocksDB holds only as of the last write-back ({@link WindowIndex}). */
    private final WindowIndex windows = new WindowIndex();
    private final IndexMemory indexMemory;
    private long indexBytes; // what this task's indexes count in indexMemory
    private Attempt pending;

    /**
     * The last attempt's changes, kept until its commit is known: its overlay (windows for their
     * index, the rest for RocksDB) and the dedup entries it accepted (all in its changelog), with
     * its batch's watermark.
     */
    private record Attempt(long batch, String attempt, StateOverlay overlay, DedupIndex newDedup, Long watermark) {}

    /**
     * @param task the task's name ({@link TaskNames})
     * @param reader the input partition's reader for a task of stage 0; null for later stages
     */
    public TaskWorker(String task, StreamJob job, Checkpoint checkpoint, StateEnvironment env,
            PartitionSource.Reader reader, OutputLocation output, TaskSettings settings) {
        this.task = task;
        this.stage = TaskNames.stageOf(task);
        this.partition = TaskNames.partitionOf(task);
        if ((stage == 0) != (reader != null)) {
            throw new IllegalArgumentException(task + ": a task of stage 0, and only it, reads the input");
        }
        this.job = job;
        this.processor = new TaskProcessor(job, settings.onDataLoss());
        this.tables = settings.tables();
        this.checkpoint = checkpoint;
        this.env = env;
        this.reader = reader;
        this.output = output;
        this.snapshotEvery = settings.snapshotEveryBatches();
        this.shuffleReplication = settings.shuffleReplication();
        this.indexMemory = settings.indexMemory();
        this.deduplicates = job.dedupKey() != null;
        this.dedupTtlMillis = job.dedupTtlMillis();
    }

    public String task() {
        return task;
    }

    public int partition() {
        return partition;
    }

    public int stage() {
        return stage;
    }

    /**
     * The batch of the committed state this worker holds (-1: the empty state), or empty before
     * its first attempt opened any. Read by other threads for announcements: advisory only.
     */
    public OptionalLong committedBatch() {
        TaskState current = state;
        return current == null ? OptionalLong.empty() : OptionalLong.of(current.stateId().batch());
    }

    /**
     * Executes and persists one attempt of {@code plan}'s batch: changelog, shuffle file (when the
     * task feeds a shuffle), staged output, report.
     *
     * @param upstream for a task after a shuffle, the accepted shuffle file of every task of the
     *     stage before, in partition order; empty for a task of stage 0
     */
    public TaskReport run(PlannedBatch plan, String attempt, List<FileRef> upstream) throws IOException {
        long batch = plan.batch();
        long begin = System.nanoTime();
        String fallback = restoreTo(batch - 1, attempt);
        indexMemory.check(task);
        StateOverlay overlay = overlay(plan);
        DedupIndex newDedup = newDedup(plan);
        TaskProcessor.Output result = process(plan, overlay, newDedup, upstream);
        ChangeSet changes = overlay.changes(newDedup.changelogBytes());
        newDedup.forEach(changes::put); // the dedup entries the batch accepted, as puts
        long processed = System.nanoTime();
        result.counters().processMillis = (processed - begin) / 1_000_000;
        pending = new Attempt(batch, attempt, overlay, newDedup, plan.watermark());
        FileRef changelog = state.writeChangelog(batch, attempt, changes);
        CrashPoints.reached(CrashPoints.AFTER_CHANGELOG, batch);
        FileRef shuffle = null;
        if (result.shuffle() != null) {
            shuffle = result.shuffle().write(checkpoint.fs(), CheckpointLayout.shuffleFile(batch, task, attempt),
                    shuffleReplication);
            CrashPoints.reached(CrashPoints.AFTER_SHUFFLE_WRITE, batch);
        }
        List<OutputFile> outputs = StagedOutput.stage(env.fs(), output, batch, task, attempt, result.rows(),
                result.deadLetters());
        Optional<SnapshotRef> snapshot = state.finishedSnapshot();
        result.counters().persistMillis = (System.nanoTime() - processed) / 1_000_000;
        result.counters().stateBytes = state.store().stateBytes() + indexBytes;
        result.counters().snapshotBytes = snapshot.isPresent() ? state.finishedSnapshotBytes() : 0;
        result.counters().restoreFallback = fallback;
        return new TaskReport(task, attempt, changelog, snapshot.orElse(null), outputs, result.counters(), shuffle);
    }

    /** The task's operators over its input: its input range in stage 0, its shuffle blocks after. */
    private TaskProcessor.Output process(PlannedBatch plan, StateOverlay overlay, DedupIndex newDedup,
            List<FileRef> upstream) throws IOException {
        if (stage == 0) {
            return processor.process(plan, partition, reader, overlay, dedup, newDedup,
                    tables.rows(job.tables(), plan.tables(), checkpoint.fs()));
        }
        if (upstream.size() != plan.partitionCount()) {
            throw new IllegalArgumentException(task + " of batch " + plan.batch() + " got " + upstream.size()
                    + " upstream shuffle files, not " + plan.partitionCount());
        }
        TaskProcessor.Output output = processor.processShuffled(plan, partition, upstream, checkpoint.fs(), overlay);
        CrashPoints.reached(CrashPoints.AFTER_SHUFFLE_READ, plan.batch());
        return output;
    }

    /** {@code commits/<b>} exists: apply this executor's attempt if it is the accepted one, snapshot when due. */
    public void committed(BatchCommit commit) throws IOException {
        TaskCommit accepted = commit.tasks().get(task);
        if (accepted == null || pending == null || pending.batch() != commit.batch()
                || !pending.attempt().equals(accepted.attempt())) {
            return; // another attempt won: the store stays at the batch before, and catches up on the next run
        }
        Long watermark = pending.watermark();
        applyCommitted(pending);
        pending = null;
        if (accepted.snapshot() != null) {
            state.snapshotCommitted(accepted.snapshot());
        }
        if ((commit.batch() + 1) % snapshotEvery == 0) {
            if (watermark != null) {
                dedup.dropExpired(watermark, dedupTtlMillis); // what the snapshot need not hold
            }
            writeBack();
            state.startSnapshot(accepted.attempt());
        }
    }

    /**
     * Moves the state to a committed attempt's: its windows into their index, its other changes
     * into RocksDB, its dedup entries into their index.
     */
    private void applyCommitted(Attempt committed) throws IOException {
        state.applyCommitted(committed.batch(), committed.attempt(), committed.overlay().commitWindows(windows));
        dedup.putAll(committed.newDedup(), committed.watermark(), dedupTtlMillis);
        countIndexMemory();
    }

    private void countIndexMemory() {
        long bytes = dedup.heapBytes() + windows.heapBytes();
        indexMemory.changed(bytes - indexBytes);
        indexBytes = bytes;
    }

    /**
     * Writes the dedup entries and windows RocksDB lacks into it (before a snapshot or a catch-up
     * reads RocksDB alone).
     */
    private void writeBack() throws IOException {
        ChangeSet changes = new ChangeSet();
        windows.written(new WindowIndex.WriteOut() {
            @Override
            public void put(byte[] key, byte[] value) {
                changes.put(key, value);
            }

            @Override
            public void delete(byte[] key) {
                changes.delete(key);
            }
        });
        dedup.written(new DedupIndex.WriteOut() {
            @Override
            public void put(byte[] key, long time) {
                changes.put(key, time);
            }

            @Override
            public void delete(byte[] key) {
                changes.delete(key);
            }
        });
        state.store().writeBack(changes);
    }

    /** Reads the dedup entries and windows of a state RocksDB holds whole (restored, or caught up) into their indexes. */
    private void loadIndexes() throws IOException {
        windows.clear();
        Long emittedThrough = StateInspector.emittedThrough(state.store());
        try (StateIterator it = state.store().scan(StateKeys.start(StateKeys.WINDOW),
                StateKeys.start((byte) (StateKeys.WINDOW + 1)))) {
            for (; it.isValid(); it.next()) {
                if (emittedThrough != null && StateKeys.timeOf(it.key()) <= emittedThrough) {
                    windows.deadInRocksDb(it.key()); // emitted since it was written: replayed changelogs left it
                } else {
                    windows.put(it.key(), it.value(), true);
                }
            }
        }
        dedup.clear();
        try (StateIterator it = state.store().scan(StateKeys.start(StateKeys.DEDUP),
                StateKeys.start((byte) (StateKeys.DEDUP + 1)))) {
            for (; it.isValid(); it.next()) {
                byte[] key = it.key();
                dedup.put(key, DedupIndex.hash(key), StateKeys.decodeTime(it.value()), true);
            }
        }
        countIndexMemory();
    }

    /**
     * An overlay sized for about one key per record, its window (emitted windows need no key of
     * their own: the emitted-through mark drops them).
     */
    private StateOverlay overlay(PlannedBatch plan) {
        return new StateOverlay(state.store(), windows, (int) Math.min(1 << 23, expectedRecords(plan) + 1));
    }

    /** The records this task reads in the batch: exactly, in stage 0; on average, after a shuffle. */
    private long expectedRecords(PlannedBatch plan) {
        return stage == 0 ? plan.recordCount(partition) : plan.recordCount() / plan.shufflePartitions();
    }

    /** The batch layer of the dedup index, sized for an entry per record (up to a bound; it grows past it). */
    private DedupIndex newDedup(PlannedBatch plan) {
        return new DedupIndex(deduplicates && stage == 0 ? (int) Math.min(1 << 18, plan.recordCount(partition)) : 0);
    }

    /**
     * Brings the state to exactly what {@code commits/<batch>} names for this task (I3): as it is
     * when warm, by replaying the changelogs of batches other executors ran, or by a restore from
     * the checkpoint. When files the restore needs are damaged, the restore falls back to the
     * newest commit that verifies and the batches after it are re-executed, state only (their
     * output is published already), from their plans; a snapshot of the result, taken by
     * {@code attempt}, lets the next commit name state that needs no damaged file.
     */
    /**
     * Brings the state to committed {@code batch}: as it is, by applying the pending attempt, by
     * catching up on changelogs, or by a restore from the checkpoint.
     *
     * @return why a restore fell back to an older commit (then batches were re-executed), or null
     */
    private String restoreTo(long batch, String attempt) throws IOException {
        StateId required = batch < 0 ? StateId.EMPTY : requiredState(batch);
        if (state != null && pending != null && pending.batch() == batch && required.attempt().equals(pending.attempt())) {
            applyCommitted(pending); // its commit was never delivered
        }
        pending = null;
        if (state != null && state.stateId().equals(required)) {
            return null;
        }
        if (state != null && state.stateId().batch() < batch && isCommitted(state.stateId())) {
            try {
                writeBack(); // the changelogs replay into RocksDB, which then holds every entry
                state.catchUp(batch, checkpoint.commits()); // batches another executor ran
                loadIndexes();
                return null;
            } catch (StateUnavailableException | CorruptFileException e) {
                // the changelogs in between are gone or damaged: restore instead
            }
        }
        closeState();
        state = TaskState.restore(env, task, batch, checkpoint.commits());
        loadIndexes();
        long reached = state.stateId().batch();
        if (reached < batch) {
            LOG.warn("FALLBACK: task {}: re-executing batches {}..{} from commit {}, state only (their output is "
                    + "published already)", task, reached + 1, batch, reached);
            for (long replayed = reached + 1; replayed <= batch; replayed++) {
                reExecute(replayed);
            }
            try {
                writeBack();
                state.startSnapshot(attempt);
                state.awaitSnapshot();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while snapshotting task " + task);
            }
        }
        return state.fallbackReason();
    }

    /** Re-executes committed {@code batch} from its plan without writing anything; the state moves to it. */
    private void reExecute(long batch) throws IOException {
        PlannedBatch plan = PlannedBatch.fromJson(batch, checkpoint.offsets().get(batch)
                .orElseThrow(() -> new StateUnavailableException("task " + task + ": offsets/" + batch + " is gone"))
                .planJson());
        StateOverlay overlay = overlay(plan);
        DedupIndex newDedup = newDedup(plan);
        List<FileRef> upstream = stage == 0 ? List.of() : plan.upstreamFiles(stage, upstreamTask -> {
            TaskCommit committed = checkpoint.commits().get(batch).orElseThrow().tasks().get(upstreamTask);
            return committed == null ? null : committed.shuffle();
        });
        process(plan, overlay, newDedup, upstream); // a task's shuffle output is not written again
        applyCommitted(new Attempt(batch, requiredState(batch).attempt(), overlay, newDedup, plan.watermark()));
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
        dedup.clear();
        windows.clear();
        countIndexMemory();
    }

    @Override
    public void close() {
        closeState();
        if (reader != null) {
            reader.close();
        }
    }
}
