package dev.spindle.benchmarks;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.changelog.ChangeSet;
import dev.spindle.state.changelog.StateChange;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.BatchPlan;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.log.SnapshotRef;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.rocksdb.StateIterator;
import dev.spindle.state.rocksdb.StateMemory;
import dev.spindle.state.snapshot.LocalSstCache;
import dev.spindle.state.snapshot.SnapshotManifest;
import dev.spindle.state.task.StateEnvironment;
import dev.spindle.state.task.TaskState;
import dev.spindle.testkit.SpindleTestCluster;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;

/**
 * The durable store's cost on a MiniDFSCluster: one task with 1M keys (100-byte values), 1 % of
 * them updated uniformly at random per batch, 100 batches, once with a snapshot every batch (the
 * baseline: what incremental snapshots alone cost) and once with changelogs and a snapshot every
 * 20 batches. Prints, per mode, bytes written to HDFS per batch as a share of the state's size,
 * files created per batch and persist time per batch at steady state (batches 20..99); then the
 * time to restore the whole state from HDFS, cold and with 90 % of the SST files already local.
 *
 * <p>Args (all optional): keys batches. Run with {@code benchmarks/run state}.
 */
public final class StateBenchmark {
    private static final String TASK = "s0-p0";
    private static final int VALUE_BYTES = 100;
    private static final int WARMUP_BATCHES = 20;

    private StateBenchmark() {}

    record ModeResult(String mode, double bytesPerBatch, double stateBytes, double filesPerBatch,
            double persistP50Ms, double persistP99Ms, long latestBatch, URI checkpoint) {}

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path local = Files.createTempDirectory("spindle-state-benchmark-");
        try (SpindleTestCluster cluster = SpindleTestCluster.builder().nodeManagers(0).kafka(false).start();
                StateMemory memory = new StateMemory(256L * 1024 * 1024)) {
            System.out.printf("state benchmark: %,d keys x %d B values, %d batches of %,d updates%n",
                    keys, VALUE_BYTES, batches, keys / 100);
            ModeResult baseline = run(cluster, memory, local, "snapshot every batch", 1, keys, batches);
            ModeResult changelog = run(cluster, memory, local, "changelog + snapshot every 20", 20, keys, batches);
            for (ModeResult result : List.of(baseline, changelog)) {
                System.out.printf("%-30s written/batch %,.0f B = %.2f %% of state (%,.0f B); files/batch %.1f; "
                                + "persist p50 %.0f ms p99 %.0f ms%n", result.mode(), result.bytesPerBatch(),
                        100 * result.bytesPerBatch() / result.stateBytes(), result.stateBytes(), result.filesPerBatch(),
                        result.persistP50Ms(), result.persistP99Ms());
            }
            System.out.printf("changelog mode / baseline: bytes %.3f, files %.2f, persist p50 %.2f%n",
                    changelog.bytesPerBatch() / baseline.bytesPerBatch(),
                    changelog.filesPerBatch() / baseline.filesPerBatch(),
                    changelog.persistP50Ms() / baseline.persistP50Ms());
            restore(cluster, memory, local, changelog, keys);
        } finally {
            FileUtil.fullyDelete(local.toFile());
        }
    }

    private static ModeResult run(SpindleTestCluster cluster, StateMemory memory, Path local, String mode,
            int snapshotEvery, int keys, int batches) throws Exception {
        URI uri = URI.create(cluster.fileSystem().getUri() + "/benchmark/every-" + snapshotEvery);
        Random random = new Random(42);
        List<Long> persistNanos = new ArrayList<>();
        long bytesAtWarmup = 0;
        long createsAtWarmup = 0;
        long liveBytes;
        try (Checkpoint checkpoint = Checkpoint.open(uri, cluster.configuration());
                StateEnvironment env = new StateEnvironment(checkpoint.fs(), local.resolve("writer-" + snapshotEvery), memory, 0);
                TaskState state = TaskState.restore(env, TASK, -1, checkpoint.commits())) {
            FileSystem fs = checkpoint.fs().fileSystem();
            for (int batch = 0; batch < batches; batch++) {
                List<StateChange> changes = batch == 0 ? initialLoad(keys, random) : updates(keys, random);
                if (batch == WARMUP_BATCHES) {
                    bytesAtWarmup = bytesWritten(fs);
                    createsAtWarmup = files(checkpoint);
                }
                long begin = System.nanoTime();
                persist(checkpoint, state, batch, changes, snapshotEvery);
                if (batch >= WARMUP_BATCHES) {
                    persistNanos.add(System.nanoTime() - begin);
                }
            }
            state.awaitSnapshot();
            liveBytes = state.store().liveSstBytes();
            int measured = batches - WARMUP_BATCHES;
            persistNanos.sort(null);
            return new ModeResult(mode, (bytesWritten(fs) - bytesAtWarmup) / (double) measured, liveBytes,
                    (files(checkpoint) - createsAtWarmup) / (double) measured,
                    persistNanos.get(measured / 2) / 1e6, persistNanos.get((int) Math.ceil(measured * 0.99) - 1) / 1e6,
                    batches - 1, uri);
        }
    }

    /**
     * One batch made durable, as the engine does it: plan, changelog, commit naming the changelog
     * and the finished snapshot, apply; then the snapshot when due. With a snapshot every batch,
     * the batch waits for its snapshot's upload, as it would with snapshots alone.
     */
    private static void persist(Checkpoint checkpoint, TaskState state, long batch, List<StateChange> list,
            int snapshotEvery) throws Exception {
        ChangeSet changes = ChangeSet.of(list);
        String attempt = CheckpointLayout.attempt(1, 0);
        checkpoint.offsets().add(new BatchPlan(batch, 1, "{}"));
        FileRef changelog = state.writeChangelog(batch, attempt, changes);
        Optional<SnapshotRef> snapshot = snapshotEvery == 1 ? state.awaitSnapshot() : state.finishedSnapshot();
        checkpoint.commits().add(new BatchCommit(batch, 1, System.currentTimeMillis(), new TreeMap<>(Map.of(TASK,
                new TaskCommit(attempt, changelog, snapshot.orElse(null), List.of(), Map.of()))), Map.of()));
        state.applyCommitted(batch, attempt, changes);
        if (snapshot.isPresent()) {
            state.snapshotCommitted(snapshot.get());
        }
        if ((batch + 1) % snapshotEvery == 0) {
            state.startSnapshot(attempt);
        }
    }

    private static void restore(SpindleTestCluster cluster, StateMemory memory, Path local, ModeResult result, int keys)
            throws Exception {
        try (Checkpoint checkpoint = Checkpoint.openForReading(result.checkpoint(), cluster.configuration())) {
            long begin = System.nanoTime();
            long coldDownloaded;
            try (StateEnvironment cold = new StateEnvironment(checkpoint.fs(), local.resolve("cold"), memory, 0);
                    TaskState state = TaskState.restore(cold, TASK, result.latestBatch(), checkpoint.commits())) {
                coldDownloaded = cold.cache(TASK).downloadedBytes();
                check(state, keys);
            }
            double coldSeconds = (System.nanoTime() - begin) / 1e9;

            // About 90 % of the snapshot's SST bytes already in the executor's local cache.
            try (StateEnvironment warm = new StateEnvironment(checkpoint.fs(), local.resolve("warm"), memory, 0)) {
                SnapshotManifest manifest = newestManifest(checkpoint, result.latestBatch());
                List<SnapshotManifest.Entry> ssts = manifest.files().stream().filter(SnapshotManifest.Entry::isSst)
                        .sorted(java.util.Comparator.comparingLong(entry -> entry.file().length())).toList();
                long sstBytes = ssts.stream().mapToLong(entry -> entry.file().length()).sum();
                LocalSstCache cache = warm.cache(TASK);
                for (SnapshotManifest.Entry sst : ssts) {
                    if (cache.downloadedBytes() + sst.file().length() <= 0.9 * sstBytes) {
                        cache.get(checkpoint.fs(), sst.file());
                    }
                }
                long prefetched = cache.downloadedBytes();
                begin = System.nanoTime();
                try (TaskState state = TaskState.restore(warm, TASK, result.latestBatch(), checkpoint.commits())) {
                    double warmSeconds = (System.nanoTime() - begin) / 1e9;
                    check(state, keys);
                    System.out.printf("restore of %,.0f B of state at batch %d: cold %.2f s (%,d B downloaded); "
                                    + "%.0f %% of SST bytes local %.2f s (%,d B downloaded); warm / cold %.2f%n",
                            result.stateBytes(), result.latestBatch(), coldSeconds, coldDownloaded,
                            100.0 * prefetched / sstBytes, warmSeconds,
                            cache.downloadedBytes() - prefetched, warmSeconds / coldSeconds);
                }
            }
        }
    }

    private static SnapshotManifest newestManifest(Checkpoint checkpoint, long latest) throws Exception {
        for (long batch = latest; batch >= 0; batch--) {
            SnapshotRef ref = checkpoint.commits().get(batch).orElseThrow().tasks().get(TASK).snapshot();
            if (ref != null) {
                return SnapshotManifest.read(checkpoint.fs(), ref.manifest());
            }
        }
        throw new IllegalStateException("no snapshot");
    }

    private static void check(TaskState state, int keys) throws Exception {
        long count = 0;
        try (StateIterator it = state.store().scan(null, null)) {
            for (; it.isValid(); it.next()) {
                count++;
            }
        }
        if (count != keys) {
            throw new IllegalStateException("restored " + count + " keys, expected " + keys);
        }
    }

    private static List<StateChange> initialLoad(int keys, Random random) {
        List<StateChange> changes = new ArrayList<>(keys);
        for (int i = 0; i < keys; i++) {
            changes.add(StateChange.put(key(i), value(random)));
        }
        return changes;
    }

    /** 1 % of the keys, distinct, uniformly at random, in key order (as the engine emits them). */
    private static List<StateChange> updates(int keys, Random random) {
        int[] picked = random.ints(0, keys).distinct().limit(keys / 100).sorted().toArray();
        List<StateChange> changes = new ArrayList<>(picked.length);
        Arrays.stream(picked).forEach(i -> changes.add(StateChange.put(key(i), value(random))));
        return changes;
    }

    private static byte[] key(int index) {
        return String.format("k%09d", index).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] value(Random random) {
        byte[] value = new byte[VALUE_BYTES];
        random.nextBytes(value);
        return value;
    }

    private static long bytesWritten(FileSystem fs) {
        return FileSystem.getStatistics(fs.getUri().getScheme(), fs.getClass()).getBytesWritten();
    }

    /** Files in the checkpoint: nothing is deleted during the run, so the growth is the files created. */
    private static long files(Checkpoint checkpoint) throws java.io.IOException {
        return checkpoint.fs().listFilesRecursively("").size();
    }
}
