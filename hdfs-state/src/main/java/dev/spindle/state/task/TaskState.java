package dev.spindle.state.task;

import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.changelog.ChangelogReader;
import dev.spindle.state.changelog.ChangelogWriter;
import dev.spindle.state.changelog.ChangeSet;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.CommitHistory;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.log.SnapshotRef;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.rocksdb.StateId;
import dev.spindle.state.rocksdb.TaskStateStore;
import dev.spindle.state.snapshot.LocalSstCache;
import dev.spindle.state.snapshot.SnapshotManifest;
import dev.spindle.state.snapshot.UploadedSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable state of one task on one executor. Call order, per batch {@code b}:
 *
 * <ol>
 *   <li>{@link #restore} once, to the state {@code commits/<b-1>} names (or {@link #catchUp} a
 *       warm state that is behind);
 *   <li>{@link #writeChangelog} — the attempt's puts and deletes, to its attempt-unique file;
 *   <li>once {@code commits/<b>} names the attempt: {@link #applyCommitted}, which moves the
 *       local RocksDB to state {@code b}; until then the store stays at {@code b-1}, so an
 *       abandoned attempt needs no rollback;
 *   <li>when a snapshot is due, {@link #startSnapshot} (a RocksDB checkpoint on the calling
 *       thread, the upload in the background); {@link #finishedSnapshot} tells a later report
 *       the snapshot to name; {@link #snapshotCommitted} when a commit has named it.
 * </ol>
 *
 * Not thread-safe: one task thread drives it.
 */
public final class TaskState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskState.class);

    private final StateEnvironment env;
    private final String task;
    private final TaskStateStore store;
    /** SSTs of the last committed snapshot this store descends from, by local name: safe to reuse. */
    private Map<String, FileRef> reusableSsts;
    private final String fallbackReason;
    private Future<UploadedSnapshot> upload;
    private UploadedSnapshot finished;

    private TaskState(StateEnvironment env, String task, TaskStateStore store, Map<String, FileRef> reusableSsts,
            String fallbackReason) {
        this.env = env;
        this.task = task;
        this.store = store;
        this.reusableSsts = reusableSsts;
        this.fallbackReason = fallbackReason;
    }

    /**
     * Restores the task's state as of batch {@code target} (-1: the empty state) from the commits
     * on storage, or, if files it needs are damaged, as of the newest batch before it that
     * verifies: see {@link #stateId()} and {@link #fallbackReason()}.
     */
    public static TaskState restore(StateEnvironment env, String task, long target, CommitHistory commits)
            throws IOException {
        StateRestorer.Restored restored = new StateRestorer(env).restore(task, target, commits);
        Map<String, FileRef> reusable = new HashMap<>();
        if (restored.manifest() != null) {
            for (SnapshotManifest.Entry entry : restored.manifest().files()) {
                if (entry.isSst()) {
                    reusable.put(entry.name(), entry.file());
                }
            }
        }
        TaskState state = new TaskState(env, task, restored.store(), reusable, restored.fallbackReason());
        state.pruneCache();
        return state;
    }

    public String task() {
        return task;
    }

    /** The committed state the local store holds. */
    public StateId stateId() {
        return store.stateId();
    }

    /** Read access to the committed state. */
    public TaskStateStore store() {
        return store;
    }

    /** Why the restore could not reach its target, or null when it did. */
    public String fallbackReason() {
        return fallbackReason;
    }

    /**
     * Writes an attempt's changes of {@code batch} to its attempt-unique changelog.
     *
     * @return the reference for the report, or null when there are no changes (no file is written)
     */
    public FileRef writeChangelog(long batch, String attempt, ChangeSet changes) throws IOException {
        if (changes.isEmpty()) {
            return null;
        }
        return ChangelogWriter.write(env.fs(), CheckpointLayout.changelog(task, batch, attempt), changes);
    }

    /** A commit accepted this executor's attempt of {@code batch}: the store moves to that state. */
    public void applyCommitted(long batch, String attempt, ChangeSet changes) throws IOException {
        store.apply(new StateId(batch, attempt), changes);
    }

    /**
     * Brings a warm store that is behind up to batch {@code target} by replaying the committed
     * changelogs after its state (batches another executor ran).
     */
    public void catchUp(long target, CommitHistory commits) throws IOException {
        for (long batch = store.stateId().batch() + 1; batch <= target; batch++) {
            long b = batch;
            BatchCommit commit = commits.get(batch).orElseThrow(
                    () -> new StateUnavailableException("task " + task + ": commits/" + b + " is gone"));
            TaskCommit taskCommit = commit.tasks().get(task);
            if (taskCommit == null) {
                throw new StateUnavailableException("task " + task + ": commits/" + b + " does not name the task");
            }
            ChangeSet changes = taskCommit.changelog() == null ? new ChangeSet()
                    : ChangelogReader.read(env.fs(), taskCommit.changelog());
            store.apply(new StateId(batch, taskCommit.attempt()), changes);
        }
    }

    /**
     * Starts a snapshot of the current committed state, taken by {@code attempt}: the RocksDB
     * checkpoint now, on this thread; the upload in the background.
     *
     * @return false when an earlier snapshot is still uploading (one at a time)
     */
    public boolean startSnapshot(String attempt) throws IOException {
        if (upload != null && !upload.isDone()) {
            return false;
        }
        long stateBatch = store.stateId().batch();
        Path checkpoint = env.newCheckpointDir(task, stateBatch);
        store.checkpoint(checkpoint);
        Map<String, FileRef> reusable = Map.copyOf(reusableSsts);
        LocalSstCache cache = env.cache(task);
        upload = env.uploads().submit(() -> {
            try {
                return env.uploader().upload(task, stateBatch, attempt, checkpoint, reusable, cache);
            } finally {
                FileUtil.fullyDelete(checkpoint.toFile());
            }
        });
        return true;
    }

    /** The snapshot whose upload has finished and that no commit has named yet, if any. */
    public Optional<SnapshotRef> finishedSnapshot() throws IOException {
        if (upload != null && upload.isDone()) {
            try {
                finished = upload.get();
            } catch (ExecutionException e) {
                LOG.warn("Task {}: snapshot upload failed; the next snapshot will retry", task, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            upload = null;
        }
        if (finished != null && env.clock().millis() - finished.finishedAtMillis() > env.snapshotMaxAge().toMillis()
                && !filesStillThere(finished)) {
            LOG.warn("Task {}: snapshot {} waited long for a commit to name it and GC took some of its files; dropped",
                    task, finished.ref().manifest().path());
            finished = null;
        }
        return Optional.ofNullable(finished).map(UploadedSnapshot::ref);
    }

    /**
     * Whether every file of a finished snapshot is still on the checkpoint. A snapshot no commit
     * names is protected from GC only while its manifest is younger than the grace period; with
     * batches far apart (a long processing-time interval) it can be older than that when the next
     * report would name it. GC runs only in the leader, after a batch's publish and before the
     * next plan, so files present when a report names them stay until that batch commits.
     */
    private boolean filesStillThere(UploadedSnapshot snapshot) throws IOException {
        if (!env.fs().exists(snapshot.ref().manifest().path())) {
            return false;
        }
        for (SnapshotManifest.Entry entry : snapshot.manifest().files()) {
            if (!env.fs().exists(entry.file().path())) {
                return false;
            }
        }
        return true;
    }

    /** Bytes the finished snapshot ({@link #finishedSnapshot}) uploaded; 0 when there is none. */
    public long finishedSnapshotBytes() {
        UploadedSnapshot snapshot = finished;
        return snapshot == null ? 0 : snapshot.uploadedBytes();
    }

    /** Blocks until the snapshot upload in progress, if any, ends; for tests and orderly shutdown. */
    public Optional<SnapshotRef> awaitSnapshot() throws InterruptedException, IOException {
        if (upload != null) {
            try {
                upload.get();
            } catch (ExecutionException e) {
                // reported by finishedSnapshot
            }
        }
        return finishedSnapshot();
    }

    /** A commit has named {@code snapshot} for this task: its SSTs become the ones later snapshots reuse. */
    public void snapshotCommitted(SnapshotRef snapshot) throws IOException {
        if (finished == null || !finished.ref().equals(snapshot)) {
            return;
        }
        Map<String, FileRef> reusable = new HashMap<>();
        for (SnapshotManifest.Entry entry : finished.manifest().files()) {
            if (entry.isSst()) {
                reusable.put(entry.name(), entry.file());
            }
        }
        reusableSsts = reusable;
        finished = null;
        pruneCache();
    }

    private void pruneCache() throws IOException {
        Set<String> keep = new HashSet<>();
        reusableSsts.values().forEach(ref -> keep.add(LocalSstCache.fileName(ref)));
        env.cache(task).retainOnly(keep);
    }

    /** Cancels an upload in progress, closes the store and deletes its local directory. */
    @Override
    public void close() {
        if (upload != null) {
            upload.cancel(true);
        }
        store.close();
        FileUtil.fullyDelete(store.dir().toFile());
    }
}
