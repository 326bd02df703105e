package dev.spindle.state.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.changelog.StateChange;
import dev.spindle.state.inspect.CheckpointVerifier;
import dev.spindle.state.inspect.Problem;
import dev.spindle.state.inspect.VerificationReport;
import dev.spindle.state.retention.GarbageCollector;
import dev.spindle.state.retention.GcReport;
import dev.spindle.state.retention.RetentionSettings;
import dev.spindle.state.rocksdb.StateMemory;
import dev.spindle.state.testing.BatchDriver;
import dev.spindle.state.testing.CheckpointFiles;
import dev.spindle.state.testing.KeyValueModel;
import dev.spindle.state.testing.SnapshotUploadChild;
import dev.spindle.testkit.Await;
import dev.spindle.testkit.SpindleClusterExtension;
import dev.spindle.testkit.SpindleTestCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/** An executor process killed (SIGKILL) in the middle of a snapshot upload harms nothing committed. */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class UploadKilledMidwayTest {
    private static final String TASK = "s0-p0";

    @RegisterExtension
    static final SpindleClusterExtension CLUSTER =
            new SpindleClusterExtension(SpindleTestCluster.builder().nodeManagers(0).kafka(false));

    @TempDir
    Path local;

    @Test
    void theLastCommitStillRestoresAndGcLaterRemovesTheDebris() throws Exception {
        URI uri = URI.create(CLUSTER.cluster().fileSystem().getUri() + "/checkpoints/killed-upload");
        KeyValueModel model = new KeyValueModel();
        Random random = new Random(11);
        try (Checkpoint checkpoint = Checkpoint.open(uri, CLUSTER.cluster().configuration());
                StateMemory memory = new StateMemory(32L * 1024 * 1024)) {
            try (StateEnvironment env = new StateEnvironment(checkpoint.fs(), local.resolve("writer"), memory, 0);
                    BatchDriver driver = new BatchDriver(checkpoint, env, List.of(TASK), 1, 5)) {
                for (int batch = 0; batch < 12; batch++) {
                    List<StateChange> changes = KeyValueModel.randomChanges(random, 20_000, batch == 0 ? 20_000 : 2_000, 100, 0.02);
                    model.record(batch, changes);
                    driver.runBatch(Map.of(TASK, changes), true);
                }
            }
            List<String> before = CheckpointFiles.list(checkpoint, "state");

            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), SnapshotUploadChild.class.getName(),
                    CLUSTER.cluster().hadoopConfDir().toString(), uri.toString(), local.resolve("child").toString(),
                    TASK, Integer.toString(20 * 1024))
                    .redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.equals("UPLOADING")) {
                    // restore logs
                }
                // The throttled upload (20 kB/s) has begun its first SST: killed now, it is midway.
                Await.until(Duration.ofSeconds(60), "the child's upload to write its first SST",
                        () -> CheckpointFiles.list(checkpoint, "state").stream().anyMatch(p -> p.contains("/sst/11-")));
                child.destroyForcibly(); // SIGKILL
                assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(137, child.exitValue(), "killed by SIGKILL");
            List<String> debris = CheckpointFiles.list(checkpoint, "state").stream().filter(p -> !before.contains(p)).toList();
            assertFalse(debris.isEmpty());
            assertTrue(debris.stream().noneMatch(p -> p.endsWith("/manifest")), "the upload never got to its manifest: " + debris);

            try (StateEnvironment env = new StateEnvironment(checkpoint.fs(), local.resolve("after"), memory, 0);
                    TaskState restored = TaskState.restore(env, TASK, 11, checkpoint.commits())) {
                model.assertStoreHolds(restored.store(), 11);
            }

            RetentionSettings settings = RetentionSettings.defaults();
            VerificationReport now = new CheckpointVerifier(checkpoint, settings, Clock.systemUTC()).verify();
            assertTrue(now.isSound(), now.problems().toString());
            assertTrue(now.problems().stream().allMatch(p -> p.kind() == Problem.Kind.IN_FLIGHT), now.problems().toString());
            GcReport early = new GarbageCollector(checkpoint, settings, Clock.systemUTC()).collect(OptionalLong.empty(), false);
            assertEquals(List.of(), early.deleted(), "within the grace period the debris may be a live upload");

            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(11));
            GcReport gc = new GarbageCollector(checkpoint, settings, later).collect(OptionalLong.empty(), false);
            assertTrue(gc.deleted().containsAll(debris), gc.deleted() + " should include " + debris);
            VerificationReport clean = new CheckpointVerifier(checkpoint, settings, later).verify();
            assertEquals(List.of(), clean.problems());
        }
    }
}
