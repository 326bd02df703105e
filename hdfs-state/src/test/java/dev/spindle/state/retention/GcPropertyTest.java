package dev.spindle.state.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.changelog.ChangelogWriter;
import dev.spindle.state.changelog.ChangeSet;
import dev.spindle.state.changelog.StateChange;
import dev.spindle.state.inspect.CheckpointVerifier;
import dev.spindle.state.inspect.VerificationReport;
import dev.spindle.state.log.BatchPlan;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.rocksdb.StateMemory;
import dev.spindle.state.snapshot.SnapshotManifest;
import dev.spindle.state.task.RestorePlan;
import dev.spindle.state.task.RestorePlanner;
import dev.spindle.state.task.StateEnvironment;
import dev.spindle.state.task.TaskState;
import dev.spindle.state.testing.BatchDriver;
import dev.spindle.state.testing.CheckpointFiles;
import dev.spindle.state.testing.KeyValueModel;
import dev.spindle.state.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random histories of batches, failed attempts, in-flight files, snapshots, passing time and GC
 * with random retention settings: GC never deletes a file a retained commit needs or a file of a
 * batch in flight, every commit it must keep restorable restores to the model's state, and a GC
 * at rest leaves no orphan.
 */
class GcPropertyTest {
    private static final List<String> TASKS = List.of("s0-p0", "s0-p1");
    private static final Duration GRACE = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void gcNeverDeletesWhatARetainedCommitNeedsAndLeavesNoOrphanAtRest(long seed) throws Exception {
        Random random = new Random(seed);
        MutableClock clock = new MutableClock();
        Map<String, KeyValueModel> models = new TreeMap<>();
        TASKS.forEach(task -> models.put(task, new KeyValueModel()));
        try (Checkpoint checkpoint = Checkpoint.open(dir.resolve("checkpoint").toUri(), new Configuration());
                StateMemory memory = new StateMemory(16L * 1024 * 1024);
                StateEnvironment env = new StateEnvironment(checkpoint.fs(), dir.resolve("local"), memory, 0, GRACE, clock);
                BatchDriver driver = new BatchDriver(checkpoint, env, TASKS, 1, 2 + random.nextInt(4))) {
            for (int step = 0; step < 60; step++) {
                int dice = random.nextInt(100);
                if (dice < 50) {
                    runBatch(driver, models, random, random.nextBoolean());
                } else if (dice < 65) {
                    leaveDebrisOfAFailedAttempt(checkpoint, driver.nextBatch(), random);
                } else if (dice < 75) {
                    awaitUploads(driver); // the protocol's premise: uploads end well within the grace period
                    passTime(checkpoint, clock, Duration.ofMinutes(random.nextInt(16)));
                } else if (checkpoint.commits().latestBatch().isPresent()) {
                    RetentionSettings settings = new RetentionSettings(1 + random.nextInt(6), 1 + random.nextInt(4), GRACE);
                    long latest = checkpoint.commits().latestBatch().getAsLong();
                    OptionalLong unconfirmed = random.nextInt(3) == 0
                            ? OptionalLong.of(Math.max(0, latest - random.nextInt(4))) : OptionalLong.empty();
                    gcAndCheck(checkpoint, env, settings, unconfirmed, models);
                }
            }
            // At rest: the last batch commits what is pending, every upload is done and old enough.
            runBatch(driver, models, random, true);
            awaitUploads(driver);
            passTime(checkpoint, clock, Duration.ofMinutes(30));
            RetentionSettings settings = new RetentionSettings(3, 2, GRACE);
            gcAndCheck(checkpoint, env, settings, OptionalLong.empty(), models);
            VerificationReport report = new CheckpointVerifier(checkpoint, settings, java.time.Clock.systemUTC()).verify();
            assertEquals(List.of(), report.problems(), "a GC at rest leaves neither damage nor orphans");
            assertTrue(deletedFiles > 0, "the history gave GC something to delete");
        }
    }

    private static void runBatch(BatchDriver driver, Map<String, KeyValueModel> models, Random random, boolean await)
            throws Exception {
        Map<String, List<StateChange>> changes = new TreeMap<>();
        for (String task : TASKS) {
            List<StateChange> taskChanges = random.nextInt(5) == 0 ? List.of()
                    : KeyValueModel.randomChanges(random, 300, 1 + random.nextInt(60), 20, 0.2);
            changes.put(task, taskChanges);
            models.get(task).record(driver.nextBatch(), taskChanges);
        }
        driver.runBatch(changes, await);
    }

    /** The plan of the next batch, and the changelog and staged output of an attempt that will never be committed. */
    private static void leaveDebrisOfAFailedAttempt(Checkpoint checkpoint, long batch, Random random) throws Exception {
        checkpoint.offsets().add(new BatchPlan(batch, 1, "{}"));
        String task = TASKS.get(random.nextInt(TASKS.size()));
        String attempt = CheckpointLayout.attempt(1, 100 + random.nextInt(1000));
        if (!checkpoint.fs().exists(CheckpointLayout.changelog(task, batch, attempt))) {
            ChangelogWriter.write(checkpoint.fs(), CheckpointLayout.changelog(task, batch, attempt),
                    ChangeSet.of(List.of(StateChange.put(KeyValueModel.key(1), new byte[] {9}))));
            checkpoint.fs().createAtomically(CheckpointLayout.stagingDir(batch, task, attempt) + "/part-0.json",
                    "{\"row\":1}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private int deletedFiles;

    private void gcAndCheck(Checkpoint checkpoint, StateEnvironment env, RetentionSettings settings,
            OptionalLong unconfirmed, Map<String, KeyValueModel> models) throws Exception {
        long latest = checkpoint.commits().latestBatch().getAsLong();
        long earliest = checkpoint.commits().batches().get(0);
        Set<String> inFlight = new TreeSet<>();
        for (String path : CheckpointFiles.list(checkpoint, "")) {
            if (CheckpointLayout.batchOf(path).orElse(-1) > latest) {
                inFlight.add(path);
            }
        }
        Map<String, List<Long>> restorableBefore = restorable(checkpoint, latest, earliest, settings, unconfirmed);
        GcReport report = new GarbageCollector(checkpoint, settings, java.time.Clock.systemUTC()).collect(unconfirmed, false);

        deletedFiles += report.deleted().size();
        List<String> present = CheckpointFiles.list(checkpoint, "");
        assertTrue(present.containsAll(inFlight), "GC deleted files of batches in flight: " + report.deleted());
        CheckpointReferences references = CheckpointReferences.collect(checkpoint, report.keepFrom(), latest);
        for (FileRef ref : references.files().values()) {
            assertTrue(present.contains(ref.path()), "GC deleted " + ref.path() + ", named by " + references.namedBy(ref.path()));
        }
        for (long batch = report.keepFrom(); batch <= latest; batch++) {
            assertTrue(checkpoint.commits().get(batch).isPresent(), "commits/" + batch + " is gone");
        }
        RestorePlanner planner = new RestorePlanner(checkpoint.commits());
        for (String task : TASKS) {
            for (long target : restorableBefore.get(task)) {
                RestorePlan plan = planner.plan(task, target, Set.of()).plan();
                if (plan.snapshot() != null) {
                    for (SnapshotManifest.Entry entry : SnapshotManifest.read(checkpoint.fs(), plan.snapshot().manifest()).files()) {
                        assertTrue(present.contains(entry.file().path()), "restore of " + target + " lost " + entry.file().path());
                    }
                }
                for (RestorePlan.Step step : plan.steps()) {
                    assertTrue(step.changelog() == null || present.contains(step.changelog().path()),
                            "restore of " + target + " lost " + step.changelog());
                }
            }
            if (!restorableBefore.get(task).isEmpty()) {
                long target = restorableBefore.get(task).get(0);
                try (TaskState restored = TaskState.restore(env, task, target, checkpoint.commits())) {
                    assertEquals(target, restored.stateId().batch());
                    models.get(task).assertStoreHolds(restored.store(), target);
                }
            }
        }
    }

    /**
     * The commits GC must keep restorable that are restorable now: the newest fallback-depth ones
     * and the one before the oldest unconfirmed batch. (One made unrestorable by an earlier GC with
     * narrower settings cannot be required back.)
     */
    private static Map<String, List<Long>> restorable(Checkpoint checkpoint, long latest, long earliest,
            RetentionSettings settings, OptionalLong unconfirmed) throws Exception {
        List<Long> targets = new ArrayList<>();
        for (long c = Math.max(earliest, latest - settings.fallbackDepth() + 1); c <= latest; c++) {
            targets.add(c);
        }
        if (unconfirmed.isPresent() && unconfirmed.getAsLong() - 1 >= earliest) {
            targets.add(Math.min(latest, unconfirmed.getAsLong() - 1));
        }
        RestorePlanner planner = new RestorePlanner(checkpoint.commits());
        Map<String, List<Long>> restorable = new TreeMap<>();
        for (String task : TASKS) {
            List<Long> ok = new ArrayList<>();
            for (long target : targets) {
                try {
                    if (planner.plan(task, target, Set.of()).found()) {
                        ok.add(target);
                    }
                } catch (dev.spindle.state.task.StateUnavailableException e) {
                    // not restorable before this GC either
                }
            }
            restorable.put(task, ok);
        }
        return restorable;
    }

    /** Time passes for the files (older modification times) and for the executor (its clock). */
    private static void passTime(Checkpoint checkpoint, MutableClock clock, Duration by) throws Exception {
        CheckpointFiles.age(checkpoint, by);
        clock.advance(by);
    }

    private static void awaitUploads(BatchDriver driver) throws Exception {
        for (String task : TASKS) {
            driver.state(task).awaitSnapshot();
        }
    }
}
