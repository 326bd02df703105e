package dev.spindle.state.task;

import dev.spindle.state.StateOptions;
import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.rocksdb.StateMemory;
import dev.spindle.state.snapshot.LocalSstCache;
import dev.spindle.state.snapshot.SnapshotUploader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What the task states of one executor share: the checkpoint, the local directory, RocksDB's
 * memory, the local SST caches and one background thread for snapshot uploads.
 *
 * <pre>
 * &lt;localRoot&gt;/db/&lt;task&gt;-&lt;uuid&gt;/            a task's live RocksDB (one per restore)
 * &lt;localRoot&gt;/checkpoints/&lt;task&gt;-&lt;b&gt;-&lt;uuid&gt;/ a RocksDB checkpoint being uploaded
 * &lt;localRoot&gt;/sst-cache/&lt;task&gt;/             verified copies of the task's SST files
 * </pre>
 */
public final class StateEnvironment implements AutoCloseable {
    private final CheckpointFs fs;
    private final Path localRoot;
    private final StateMemory memory;
    private final SnapshotUploader uploader;
    private final ExecutorService uploads;
    private final Map<String, LocalSstCache> caches = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration snapshotMaxAge;

    /**
     * With the default GC grace period of {@link StateOptions#GC_GRACE}.
     *
     * @param uploadBytesPerSecond snapshot upload bandwidth cap; 0 for none
     */
    public StateEnvironment(CheckpointFs fs, Path localRoot, StateMemory memory, long uploadBytesPerSecond) {
        this(fs, localRoot, memory, uploadBytesPerSecond, StateOptions.GC_GRACE.defaultValue(), Clock.systemUTC());
    }

    /**
     * @param gcGrace the checkpoint's GC grace period: uploads that take longer than half of it are
     *     abandoned, and finished snapshots older than that are checked for their files before a report names them
     */
    public StateEnvironment(CheckpointFs fs, Path localRoot, StateMemory memory, long uploadBytesPerSecond,
            Duration gcGrace, Clock clock) {
        this.fs = fs;
        this.localRoot = localRoot;
        this.memory = memory;
        this.clock = clock;
        this.snapshotMaxAge = gcGrace.dividedBy(2);
        this.uploader = new SnapshotUploader(fs, uploadBytesPerSecond, clock, snapshotMaxAge);
        this.uploads = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "spindle-snapshot-upload");
            thread.setDaemon(true);
            return thread;
        });
    }

    public CheckpointFs fs() {
        return fs;
    }

    StateMemory memory() {
        return memory;
    }

    SnapshotUploader uploader() {
        return uploader;
    }

    Clock clock() {
        return clock;
    }

    /** How old a finished snapshot may be when a report names it; older ones are dropped. */
    Duration snapshotMaxAge() {
        return snapshotMaxAge;
    }

    ExecutorService uploads() {
        return uploads;
    }

    /** The local SST cache of a task. */
    public LocalSstCache cache(String task) {
        return caches.computeIfAbsent(task, t -> {
            try {
                return new LocalSstCache(localRoot.resolve("sst-cache").resolve(t));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    Path newDbDir(String task) {
        return localRoot.resolve("db").resolve(task + "-" + UUID.randomUUID());
    }

    Path newCheckpointDir(String task, long batch) {
        return localRoot.resolve("checkpoints").resolve(task + "-" + batch + "-" + UUID.randomUUID());
    }

    /** Stops uploads in progress (their files are inert debris) and waits for the thread to end. */
    @Override
    public void close() throws InterruptedException {
        uploads.shutdownNow();
        uploads.awaitTermination(30, TimeUnit.SECONDS);
    }
}
