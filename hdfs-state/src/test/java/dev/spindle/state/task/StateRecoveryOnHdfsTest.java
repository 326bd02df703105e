package dev.spindle.state.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.changelog.ChangeSet;
import dev.spindle.state.changelog.StateChange;
import dev.spindle.state.inspect.CheckpointVerifier;
import dev.spindle.state.inspect.Problem;
import dev.spindle.state.inspect.VerificationReport;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.BatchPlan;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.log.SnapshotRef;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.retention.GarbageCollector;
import dev.spindle.state.retention.RetentionSettings;
import dev.spindle.state.rocksdb.StateMemory;
import dev.spindle.state.snapshot.SnapshotManifest;
import dev.spindle.state.testing.BatchDriver;
import dev.spindle.state.testing.CheckpointFiles;
import dev.spindle.state.testing.KeyValueModel;
import dev.spindle.testkit.SpindleClusterExtension;
import dev.spindle.testkit.SpindleTestCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/** Attempt isolation and fallback from damaged files, on a real HDFS with real RocksDB. */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class StateRecoveryOnHdfsTest {
    private static final RetentionSettings DEFAULTS = RetentionSettings.defaults();

    @RegisterExtension
    static final SpindleClusterExtension CLUSTER =
            new SpindleClusterExtension(SpindleTestCluster.builder().nodeManagers(0).kafka(false));

    static StateMemory memory;

    @TempDir
    Path local;

    @BeforeAll
    static void createMemory() {
        memory = new StateMemory(32L * 1024 * 1024);
    }

    @AfterAll
    static void closeMemory() {
        memory.close();
    }

    static Checkpoint open(String name) throws Exception {
        return Checkpoint.open(URI.create(CLUSTER.cluster().fileSystem().getUri() + "/checkpoints/" + name),
                CLUSTER.cluster().configuration());
    }

    @Test
    void twoAttemptsNeverOverwriteEachOtherAndOnlyTheCommittedOneIsRestored() throws Exception {
        String task = "s0-p0";
        KeyValueModel model = new KeyValueModel();
        Random random = new Random(3);
        try (Checkpoint checkpoint = open("attempts");
                StateEnvironment envA = new StateEnvironment(checkpoint.fs(), local.resolve("a"), memory, 0);
                BatchDriver driver = new BatchDriver(checkpoint, envA, List.of(task), 1, 3)) {
            for (int batch = 0; batch < 3; batch++) {
                List<StateChange> changes = KeyValueModel.randomChanges(random, 5_000, 1_000, 50, 0.1);
                model.record(batch, changes);
                driver.runBatch(Map.of(task, changes), true);
            }
            // Batch 3 runs twice: attempt 1-0 on executor A, attempt 1-1 on executor B.
            checkpoint.offsets().add(new BatchPlan(3, 1, "{}"));
            List<StateChange> changesA = KeyValueModel.randomChanges(random, 5_000, 500, 50, 0.1);
            List<StateChange> changesB = KeyValueModel.randomChanges(random, 5_000, 500, 50, 0.1);
            TaskState stateA = driver.state(task); // the driver started the snapshot of state 2 as attempt 1-0
            try (StateEnvironment envB = new StateEnvironment(checkpoint.fs(), local.resolve("b"), memory, 0);
                    TaskState stateB = TaskState.restore(envB, task, 2, checkpoint.commits())) {
                FileRef changelogA = stateA.writeChangelog(3, "1-0", ChangeSet.of(changesA));
                assertTrue(stateB.startSnapshot("1-1"));
                FileRef changelogB = stateB.writeChangelog(3, "1-1", ChangeSet.of(changesB));
                SnapshotRef snapshotA = stateA.awaitSnapshot().orElseThrow();
                SnapshotRef snapshotB = stateB.awaitSnapshot().orElseThrow();

                assertNotEquals(changelogA.path(), changelogB.path());
                assertNotEquals(snapshotA.manifest().path(), snapshotB.manifest().path());
                assertTrue(checkpoint.fs().exists(changelogA.path()) && checkpoint.fs().exists(changelogB.path()));
                assertTrue(checkpoint.fs().exists(snapshotA.manifest().path()));
                assertTrue(checkpoint.fs().exists(snapshotB.manifest().path()));
                assertNotEquals(changelogA.crc32c(), changelogB.crc32c());

                checkpoint.commits().add(new BatchCommit(3, 1, 0, new TreeMap<>(Map.of(task,
                        new TaskCommit("1-1", changelogB, snapshotB, List.of(), Map.of()))), Map.of()));
                model.record(3, changesB);
            }

            try (StateEnvironment fresh = new StateEnvironment(checkpoint.fs(), local.resolve("fresh"), memory, 0)) {
                for (long batch = 2; batch <= 3; batch++) {
                    try (TaskState restored = TaskState.restore(fresh, task, batch, checkpoint.commits())) {
                        model.assertStoreHolds(restored.store(), batch);
                    }
                }
                RestorePlan plan = new RestorePlanner(checkpoint.commits()).plan(task, 3, Set.of()).plan();
                assertTrue(plan.snapshot().manifest().path().endsWith("/2-1-1/manifest"), plan.toString());
            }

            // One more batch, then GC after the grace period: attempt 1-0's files go, 1-1's stay.
            checkpoint.offsets().add(new BatchPlan(4, 1, "{}"));
            checkpoint.commits().add(new BatchCommit(4, 1, 0, new TreeMap<>(Map.of(task,
                    new TaskCommit("1-0", null, null, List.of(), Map.of()))), Map.of()));
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(11));
            List<String> deleted = new GarbageCollector(checkpoint, DEFAULTS, later)
                    .collect(OptionalLong.empty(), false).deleted();
            assertTrue(deleted.contains(CheckpointLayout.changelog(task, 3, "1-0")), deleted.toString());
            assertTrue(deleted.contains(CheckpointLayout.snapshotDir(task, 2, "1-0") + "/manifest"), deleted.toString());
            assertTrue(checkpoint.fs().exists(CheckpointLayout.changelog(task, 3, "1-1")));
            VerificationReport report = new CheckpointVerifier(checkpoint, DEFAULTS, later).verify();
            assertTrue(report.isSound(), report.problems().toString());
            assertEquals(List.of(), report.problems(), "no debris left after GC");
        }
    }

    @Test
    void verifyNamesEachDamagedFileAndRestoreFallsBackToTheNewestCommitThatVerifies() throws Exception {
        List<String> tasks = List.of("s0-p0", "s0-p1");
        Map<String, KeyValueModel> models = Map.of("s0-p0", new KeyValueModel(), "s0-p1", new KeyValueModel());
        Random random = new Random(7);
        try (Checkpoint checkpoint = open("damage")) {
            try (StateEnvironment env = new StateEnvironment(checkpoint.fs(), local.resolve("writer"), memory, 0);
                    BatchDriver driver = new BatchDriver(checkpoint, env, tasks, 1, 7)) {
                for (int batch = 0; batch < 25; batch++) {
                    Map<String, List<StateChange>> changes = new TreeMap<>();
                    for (String task : tasks) {
                        changes.put(task, KeyValueModel.randomChanges(random, 4_000, batch == 0 ? 4_000 : 200, 40, 0.05));
                        models.get(task).record(batch, changes.get(task));
                    }
                    driver.runBatch(changes, true);
                }
            }
            String task = "s0-p0";
            SnapshotManifest snapshot20 = manifestNamedBy(checkpoint, 21, task);
            assertEquals(20, snapshot20.stateBatch());
            String newSst = snapshot20.files().stream().filter(SnapshotManifest.Entry::isSst)
                    .map(entry -> entry.file().path()).filter(path -> path.contains("/sst/20-")).findFirst().orElseThrow();
            String changelog23 = checkpoint.commits().get(23).orElseThrow().tasks().get(task).changelog().path();
            String manifest13 = checkpoint.commits().get(14).orElseThrow().tasks().get(task).snapshot().manifest().path();
            CheckpointFiles.flipByte(checkpoint, newSst, 0);
            CheckpointFiles.flipByte(checkpoint, changelog23, 3);
            CheckpointFiles.truncate(checkpoint, manifest13, 10);

            VerificationReport report = new CheckpointVerifier(checkpoint, DEFAULTS, Clock.systemUTC()).verify();
            assertFalse(report.isSound());
            List<String> damaged = report.damage().stream().map(Problem::path).toList();
            assertTrue(damaged.contains(newSst), report.damage().toString());
            assertTrue(damaged.contains(changelog23), report.damage().toString());
            assertTrue(damaged.contains(manifest13), report.damage().toString());
            assertTrue(report.damage().stream().anyMatch(p -> p.kind() == Problem.Kind.UNRESTORABLE
                    && p.message().contains("newest restorable batch: 22")), report.damage().toString());

            try (StateEnvironment env = new StateEnvironment(checkpoint.fs(), local.resolve("recovery"), memory, 0)) {
                CheckpointRecovery.Recovered recovered = CheckpointRecovery.restoreAll(env, tasks, 24, checkpoint.commits());
                try {
                    assertEquals(22, recovered.batch());
                    assertTrue(recovered.fellBack());
                    assertTrue(String.join(" ", recovered.fallbacks()).contains(changelog23), recovered.fallbacks().toString());
                    for (String t : tasks) {
                        assertEquals(22, recovered.states().get(t).stateId().batch());
                        models.get(t).assertStoreHolds(recovered.states().get(t).store(), 22);
                    }
                } finally {
                    recovered.states().values().forEach(TaskState::close);
                }
            }
        }
    }

    private static SnapshotManifest manifestNamedBy(Checkpoint checkpoint, long batch, String task) throws Exception {
        SnapshotRef ref = checkpoint.commits().get(batch).orElseThrow().tasks().get(task).snapshot();
        assertNotNull(ref, "commits/" + batch + " names a snapshot of " + task);
        return SnapshotManifest.read(checkpoint.fs(), ref.manifest());
    }
}
