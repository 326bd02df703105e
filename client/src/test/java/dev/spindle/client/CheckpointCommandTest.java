package dev.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointMetadata;
import dev.spindle.state.changelog.StateChange;
import dev.spindle.state.rocksdb.StateMemory;
import dev.spindle.state.task.StateEnvironment;
import dev.spindle.state.testing.BatchDriver;
import dev.spindle.state.testing.CheckpointFiles;
import dev.spindle.state.testing.KeyValueModel;
import dev.spindle.testkit.SpindleClusterExtension;
import dev.spindle.testkit.SpindleTestCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.retry.RetryOneTime;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/** {@code spindle checkpoint ls|verify|gc} against checkpoints on a real HDFS and on file://. */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class CheckpointCommandTest {
    @RegisterExtension
    static final SpindleClusterExtension CLUSTER =
            new SpindleClusterExtension(SpindleTestCluster.builder().nodeManagers(0).kafka(false));

    @TempDir
    Path local;

    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Result spindle(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SpindleCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8).trim());
    }

    private String hdfsDir(String name) {
        return CLUSTER.cluster().fileSystem().getUri() + "/checkpoints/" + name;
    }

    private void writeCheckpoint(URI uri, Configuration conf, int batches, String jobName) throws Exception {
        writeCheckpoint(uri, conf, local, batches, jobName);
    }

    /** Writes {@code batches} batches of two tasks, snapshotting every 4 (RocksDB's files under {@code local}). */
    static void writeCheckpoint(URI uri, Configuration conf, Path local, int batches, String jobName) throws Exception {
        Random random = new Random(5);
        try (Checkpoint checkpoint = Checkpoint.open(uri, conf);
                StateMemory memory = new StateMemory(16L * 1024 * 1024);
                StateEnvironment env = new StateEnvironment(checkpoint.fs(), local.resolve("writer-" + jobName), memory, 0);
                BatchDriver driver = new BatchDriver(checkpoint, env, List.of("s0-p0", "s0-p1"), 1, 4)) {
            if (jobName != null) {
                new CheckpointMetadata(jobName, jobName + "-id", "fingerprint", 0).writeIfAbsent(checkpoint);
            }
            for (int batch = 0; batch < batches; batch++) {
                List<StateChange> a = KeyValueModel.randomChanges(random, 2_000, 200, 30, 0.1);
                List<StateChange> b = KeyValueModel.randomChanges(random, 2_000, 200, 30, 0.1);
                driver.runBatch(Map.of("s0-p0", a, "s0-p1", b), true);
            }
        }
    }

    @Test
    void lsPrintsOneJsonObjectPerCommittedBatch() throws Exception {
        String dir = hdfsDir("ls");
        writeCheckpoint(URI.create(dir), CLUSTER.cluster().configuration(), 6, "ls-job");

        Result result = spindle("checkpoint", "ls", dir, "--json");
        assertEquals(0, result.code(), result.err());
        assertEquals(6, result.lines().size(), result.out());
        ObjectMapper json = new ObjectMapper();
        for (int batch = 0; batch < 6; batch++) {
            JsonNode row = json.readTree(result.lines().get(batch));
            assertEquals(List.of("batch", "epoch", "tasks"), fieldNames(row));
            assertEquals(batch, row.get("batch").asLong());
            assertEquals(1, row.get("epoch").asLong());
            assertEquals(2, row.get("tasks").size());
            for (JsonNode task : row.get("tasks")) {
                assertEquals(List.of("task", "bytes_uploaded", "bytes_referenced"), fieldNames(task));
                assertTrue(task.get("bytes_uploaded").asLong() > 0);
                assertTrue(task.get("bytes_referenced").asLong() >= task.get("bytes_uploaded").asLong() || batch > 0);
            }
        }
        JsonNode withSnapshot = json.readTree(result.lines().get(4)); // commit 4 names the snapshot of state 3
        JsonNode without = json.readTree(result.lines().get(3));
        assertTrue(withSnapshot.get("tasks").get(0).get("bytes_uploaded").asLong()
                > 5 * without.get("tasks").get(0).get("bytes_uploaded").asLong(), result.out());
        assertTrue(spindle("checkpoint", "ls", dir).out().startsWith("batch 0  epoch 1  task s0-p0  uploaded "));
    }

    @Test
    void verifyExitsZeroWhenSoundAndFourWithOneLinePerDamagedFile() throws Exception {
        String dir = hdfsDir("verify");
        writeCheckpoint(URI.create(dir), CLUSTER.cluster().configuration(), 6, "verify-job");
        Result sound = spindle("checkpoint", "verify", dir);
        assertEquals(0, sound.code(), sound.out() + sound.err());
        assertTrue(sound.lines().get(sound.lines().size() - 1).startsWith("checkpoint " + dir + " is sound"), sound.out());

        try (Checkpoint checkpoint = Checkpoint.openForReading(URI.create(dir), CLUSTER.cluster().configuration())) {
            String changelog = checkpoint.commits().get(5).orElseThrow().tasks().get("s0-p1").changelog().path();
            CheckpointFiles.flipByte(checkpoint, changelog, 1);
            Result damaged = spindle("checkpoint", "verify", dir);
            assertEquals(ExitCode.DAMAGED, damaged.code(), damaged.out());
            assertTrue(damaged.lines().contains("CORRUPT " + changelog + ": checksum mismatch (named by commits/5)"),
                    damaged.out());
            assertTrue(damaged.lines().get(damaged.lines().size() - 1).startsWith("checkpoint " + dir + " is damaged"));
        }
    }

    @Test
    void gcOnHdfsIsRefusedWhileTheJobsLatchHasAParticipantOrWhenLivenessCannotBeTold() throws Exception {
        String dir = hdfsDir("gc");
        writeCheckpoint(URI.create(dir), CLUSTER.cluster().configuration(), 30, "gc-job");
        String zk = "spindle.zookeeper.connect=" + CLUSTER.cluster().zooKeeperConnectString();

        Result unknown = spindle("checkpoint", "gc", dir);
        assertEquals(3, unknown.code());
        assertEquals("spindle checkpoint gc: refused: cannot tell whether job 'gc-job' holds " + dir
                + ": spindle.zookeeper.connect is not set; pass --force-offline if no job runs on it", unknown.err());

        try (CuratorFramework client = CuratorFrameworkFactory.newClient(
                CLUSTER.cluster().zooKeeperConnectString(), new RetryOneTime(100))) {
            client.start();
            LeaderLatch latch = new LeaderLatch(client, "/spindle/jobs/gc-job/leader");
            latch.start();
            latch.await();
            Result live = spindle("checkpoint", "gc", dir, "--conf", zk);
            assertEquals(3, live.code(), live.err());
            assertTrue(live.err().contains("job 'gc-job' is live: its leader latch /spindle/jobs/gc-job/leader has 1 participant(s)"),
                    live.err());
            latch.close();
        }
        Result dry = spindle("checkpoint", "gc", dir, "--dry-run", "--conf", zk, "--conf", "spindle.checkpoint.retain=10");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("would delete commits/0"), dry.out());
        Result gc = spindle("checkpoint", "gc", dir, "--conf", zk, "--conf", "spindle.checkpoint.retain=10");
        assertEquals(0, gc.code(), gc.err());
        assertTrue(gc.lines().contains("deleted commits/0"), gc.out());
        assertTrue(gc.lines().get(gc.lines().size() - 1).endsWith("retained"), gc.out());
        assertEquals(0, spindle("checkpoint", "verify", dir).code());
    }

    @Test
    void gcOnLocalFilesIsRefusedWhileARunHoldsTheLock() throws Exception {
        URI dir = local.resolve("checkpoint").toUri();
        writeCheckpoint(dir, new Configuration(), 3, null);
        try (Checkpoint running = Checkpoint.open(dir, new Configuration())) {
            Result refused = spindle("checkpoint", "gc", dir.toString());
            assertEquals(3, refused.code());
            assertTrue(refused.err().startsWith("spindle checkpoint gc: refused: checkpoint "), refused.err());
        }
        assertEquals(0, spindle("checkpoint", "gc", dir.toString()).code());
    }

    @Test
    void badUsageAndBadValuesFailWithOneLineAndExitTwo() {
        Result noDir = spindle("checkpoint", "verify");
        assertEquals(ExitCode.USAGE, noDir.code());
        assertTrue(noDir.err().startsWith("spindle checkpoint: usage: spindle checkpoint ls DIR"), noDir.err());
        assertEquals(ExitCode.USAGE, spindle("checkpoint", "explode", "/x").code());
        assertEquals(ExitCode.USAGE, spindle("launch").code());
        Result missing = spindle("checkpoint", "ls", local.resolve("nothing-here").toUri().toString());
        assertEquals(ExitCode.USAGE, missing.code());
        assertTrue(missing.err().startsWith("spindle checkpoint ls: no checkpoint at "), missing.err());
        Result badValue = spindle("checkpoint", "gc", local.toUri().toString(), "--conf", "spindle.checkpoint.retain=3");
        assertEquals(ExitCode.USAGE, badValue.code());
        assertEquals("spindle checkpoint: spindle.checkpoint.retain: 3 must be >= 10", badValue.err());
        Result tooLarge = spindle("checkpoint", "gc", local.toUri().toString(), "--conf",
                "spindle.checkpoint.gc-grace=99999999999999999h");
        assertEquals(ExitCode.USAGE, tooLarge.code());
        assertEquals("spindle checkpoint: spindle.checkpoint.gc-grace: '99999999999999999h' is too large (at most"
                + " 2562047788015h)", tooLarge.err());
        Result intOverflow = spindle("checkpoint", "gc", local.toUri().toString(), "--conf",
                "spindle.checkpoint.retain=99999999999");
        assertEquals("spindle checkpoint: spindle.checkpoint.retain: '99999999999' is too large (at most 2147483647)",
                intOverflow.err());
        Result typo = spindle("checkpoint", "verify", local.toUri().toString(), "--conf",
                "spindle.source.max-record-per-batch=100");
        assertEquals(ExitCode.USAGE, typo.code());
        assertEquals("spindle checkpoint: unknown setting 'spindle.source.max-record-per-batch' (given with --conf); the"
                + " closest known key is spindle.source.max-records-per-batch (all are in docs/configuration.md)",
                typo.err());
        for (Result result : List.of(noDir, missing, badValue, tooLarge, intOverflow, typo)) {
            assertTrue(!result.err().contains("\n"), "one line: " + result.err());
        }
    }

    @Test
    void aDirectoryThatIsNoCheckpointIsRefusedAndLeftUntouched() throws Exception {
        Path plain = java.nio.file.Files.createDirectories(local.resolve("plain"));
        java.nio.file.Files.writeString(plain.resolve("notes.txt"), "not a checkpoint");
        for (String verb : List.of("ls", "verify", "gc")) {
            Result refused = spindle("checkpoint", verb, plain.toUri().toString());
            assertEquals(ExitCode.USAGE, refused.code(), verb);
            assertEquals("spindle checkpoint " + verb + ": file:" + plain
                    + " is not a Spindle checkpoint: it has no metadata, offsets/ or commits/", refused.err());
        }
        try (var files = java.nio.file.Files.list(plain)) {
            assertEquals(List.of("notes.txt"), files.map(f -> f.getFileName().toString()).toList(), "no .lock written");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
