package dev.spindle.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.state.changelog.StateChange;
import dev.spindle.state.inspect.CheckpointVerifier;
import dev.spindle.state.inspect.VerificationReport;
import dev.spindle.state.retention.RetentionSettings;
import dev.spindle.state.rocksdb.StateMemory;
import dev.spindle.state.task.StateEnvironment;
import dev.spindle.state.task.TaskState;
import dev.spindle.state.testing.BatchDriver;
import dev.spindle.state.testing.KeyValueModel;
import dev.spindle.testkit.SpindleClusterExtension;
import dev.spindle.testkit.SpindleTestCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/** 200k keys, 50 batches changing 1 % of them each: every retained batch restores to exactly its state. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class StateRoundTripTest {
    private static final int KEYS = 200_000;
    private static final int BATCHES = 50;
    private static final String TASK = "s0-p0";

    @RegisterExtension
    static final SpindleClusterExtension CLUSTER =
            new SpindleClusterExtension(SpindleTestCluster.builder().nodeManagers(0).kafka(false));

    @TempDir
    Path local;

    @Test
    void restoringAnyRetainedBatchGivesExactlyTheStateAtThatBatch() throws Exception {
        URI uri = URI.create(CLUSTER.cluster().fileSystem().getUri() + "/checkpoints/round-trip");
        KeyValueModel model = new KeyValueModel();
        Random random = new Random(20261125);

        try (Checkpoint checkpoint = Checkpoint.open(uri, CLUSTER.cluster().configuration());
                StateMemory memory = new StateMemory(64L * 1024 * 1024)) {
            try (StateEnvironment env = new StateEnvironment(checkpoint.fs(), local.resolve("writer"), memory, 0);
                    BatchDriver driver = new BatchDriver(checkpoint, env, List.of(TASK), 1, 7)) {
                List<StateChange> initial = new ArrayList<>();
                for (int i = 0; i < KEYS; i++) {
                    byte[] value = new byte[100];
                    random.nextBytes(value);
                    initial.add(StateChange.put(KeyValueModel.key(i), value));
                }
                model.record(0, initial);
                driver.runBatch(Map.of(TASK, initial), true);
                for (int batch = 1; batch < BATCHES; batch++) {
                    List<StateChange> changes = KeyValueModel.randomChanges(random, KEYS, KEYS / 100, 100, 0.05);
                    model.record(batch, changes);
                    driver.runBatch(Map.of(TASK, changes), true);
                }
                model.assertStoreHolds(driver.state(TASK).store(), BATCHES - 1);
            }

            VerificationReport report = new CheckpointVerifier(checkpoint, RetentionSettings.defaults(),
                    Clock.systemUTC()).verify();
            assertTrue(report.isSound(), report.problems().toString());

            // A warm executor (its SST cache filled by the first restore) and a cold one.
            Map<String, byte[]> expected = new HashMap<>();
            try (StateEnvironment warm = new StateEnvironment(checkpoint.fs(), local.resolve("warm"), memory, 0)) {
                for (long batch = 0; batch < BATCHES; batch++) {
                    model.applyBatch(expected, batch);
                    try (TaskState state = TaskState.restore(warm, TASK, batch, checkpoint.commits())) {
                        assertEquals(batch, state.stateId().batch());
                        assertNull(state.fallbackReason());
                        KeyValueModel.assertStoreHolds(state.store(), batch, expected);
                    }
                }
            }
            try (StateEnvironment cold = new StateEnvironment(checkpoint.fs(), local.resolve("cold"), memory, 0);
                    TaskState state = TaskState.restore(cold, TASK, 27, checkpoint.commits())) {
                model.assertStoreHolds(state.store(), 27);
            }
        }
    }
}
