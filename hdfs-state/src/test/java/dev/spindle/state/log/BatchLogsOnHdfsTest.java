package dev.spindle.state.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.state.Checkpoint;
import dev.spindle.testkit.SpindleClusterExtension;
import dev.spindle.testkit.SpindleTestCluster;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/** Write-once log positions on a real HDFS, where no-overwrite rename is atomic. */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class BatchLogsOnHdfsTest {
    @RegisterExtension
    static final SpindleClusterExtension CLUSTER =
            new SpindleClusterExtension(SpindleTestCluster.builder().nodeManagers(0).kafka(false));

    private static Checkpoint open(String name) throws Exception {
        return Checkpoint.open(URI.create(CLUSTER.cluster().fileSystem().getUri() + "/checkpoints/" + name),
                CLUSTER.cluster().configuration());
    }

    private static BatchPlan plan(long batch, long epoch, String writer) {
        return new BatchPlan(batch, epoch, "{\"writer\":\"" + writer + "\"}");
    }

    private static BatchCommit commit(long batch, long epoch, String writer) {
        return new BatchCommit(batch, epoch, 0, new TreeMap<>(Map.of("s0-p0",
                new TaskCommit(epoch + "-0", null, null, List.of(), Map.of("writer", writer)))), Map.of());
    }

    @Test
    void aWriterThatFindsItsPositionTakenFollowsTheFirstWriter() throws Exception {
        try (Checkpoint a = open("interleave"); Checkpoint b = open("interleave")) {
            a.offsets().add(plan(0, 1, "a"));
            a.commits().add(commit(0, 1, "a"));

            long next = a.commits().latestBatch().getAsLong() + 1; // A reads the log...
            b.offsets().add(plan(next, 1, "b"));                  // ...B writes offsets/1 and commits/1...
            b.commits().add(commit(next, 1, "b"));

            BatchPlan aPlan = a.offsets().add(plan(next, 1, "a")); // ...A resumes and writes.
            BatchCommit aCommit = a.commits().add(commit(next, 1, "a"));

            assertEquals("{\"writer\":\"b\"}", aPlan.planJson(), "A must follow B's plan");
            assertEquals("b", aCommit.tasks().get("s0-p0").properties().get("writer"));
            assertEquals("b", a.commits().get(next).orElseThrow().tasks().get("s0-p0").properties().get("writer"));
            assertEquals(List.of(0L, 1L), a.offsets().batches());
            assertEquals(List.of("0", "1"), names(a, "offsets"), "exactly one file per position, no temp files");
            assertEquals(List.of("0", "1"), names(a, "commits"));
        }
    }

    @Test
    void racingWritersLeaveExactlyOneEntryPerPositionAndAllFollowIt() throws Exception {
        int writers = 6;
        List<Checkpoint> checkpoints = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            for (int w = 0; w < writers; w++) {
                checkpoints.add(open("race"));
            }
            for (long batch = 0; batch < 15; batch++) {
                CyclicBarrier start = new CyclicBarrier(writers);
                List<Future<BatchPlan>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    Checkpoint checkpoint = checkpoints.get(w);
                    BatchPlan mine = plan(batch, 1, "w" + w);
                    results.add(threads.submit(() -> {
                        start.await();
                        return checkpoint.offsets().add(mine);
                    }));
                }
                List<BatchPlan> returned = new ArrayList<>();
                for (Future<BatchPlan> result : results) {
                    returned.add(result.get());
                }
                BatchPlan stored = checkpoints.get(0).offsets().get(batch).orElseThrow();
                for (BatchPlan plan : returned) {
                    assertEquals(stored, plan, "every writer follows the entry on storage");
                }
            }
            assertEquals(15, names(checkpoints.get(0), "offsets").size());
        } finally {
            threads.shutdownNow();
            for (Checkpoint checkpoint : checkpoints) {
                checkpoint.close();
            }
        }
    }

    @Test
    void gapsAndStaleEpochsAreRefused() throws Exception {
        try (Checkpoint checkpoint = open("refusals")) {
            LogGapException notFirst = assertThrows(LogGapException.class, () -> checkpoint.offsets().add(plan(3, 1, "x")));
            assertEquals("offsets/3 cannot be written: the next position is offsets/0", notFirst.getMessage());
            checkpoint.offsets().add(plan(0, 2, "x"));
            assertThrows(LogGapException.class, () -> checkpoint.offsets().add(plan(2, 2, "x")));
            StaleEpochException stale = assertThrows(StaleEpochException.class,
                    () -> checkpoint.offsets().add(plan(1, 1, "old leader")));
            assertEquals("offsets/1 refused: epoch 1 is older than epoch 2 of offsets/0", stale.getMessage());
            LogGapException noPlan = assertThrows(LogGapException.class, () -> checkpoint.commits().add(commit(1, 2, "x")));
            assertTrue(noPlan.getMessage().contains("offsets/1 does not exist"));
        }
    }

    private static List<String> names(Checkpoint checkpoint, String dir) throws Exception {
        List<String> names = new ArrayList<>();
        for (FileStatus status : checkpoint.fs().list(dir)) {
            names.add(status.getPath().getName());
        }
        names.sort(null);
        return names;
    }
}
