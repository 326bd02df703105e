package dev.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.runtime.driver.RunSummary;
import dev.spindle.runtime.fixtures.CsvJob;
import dev.spindle.runtime.plan.InputChangedException;
import dev.spindle.runtime.task.StateInspector;
import dev.spindle.runtime.testing.JobTestDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's semantics through the no-cluster test driver: watermark, late, dedup, windows, no-data batches. */
class EngineSemanticsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void windowsAreEmittedOnceTheWatermarkPassesTheirEndInANoDataBatch() throws Exception {
        try (JobTestDriver driver = JobTestDriver.create(CsvJob.create(), 1, dir)) {
            driver.send(0, "a", "a,1,1000,1.5");
            driver.send(0, "a", "a,2,9999,2.25");
            driver.send(0, "b", "b,1,10000,4");
            driver.send(0, "a", "a,3,20000,1");
            RunSummary run = driver.runAvailableNow();
            // batch 0 reads all; wm_1 = 20000 - 5000 = 15000 moves: batch 1 (no data) emits [0,10000)
            assertEquals(2, run.batches());
            assertEquals(List.of("0,10000,a,2,3.75"), driver.rows());
            assertEquals(List.of(new StateInspector.OpenWindow(20000, "b"), new StateInspector.OpenWindow(30000, "a")),
                    driver.openWindows(0));

            RunSummary again = driver.runAvailableNow();
            assertEquals(0, again.batches(), "nothing new: no batch, nothing written");
            assertEquals(1, driver.rows().size());
        }
    }

    @Test
    void lateRecordsAndDuplicatesAreCountedAndDroppedAndDedupEntriesExpire() throws Exception {
        try (JobTestDriver driver = JobTestDriver.create(CsvJob.create(), 1, dir)) {
            driver.send(0, "a", "a,1,100000,1");
            driver.runAvailableNow(); // wm becomes 95000
            driver.send(0, "a", "a,2,94999,1");   // late
            driver.send(0, "a", "a,1,100001,1");  // duplicate of a/1
            driver.send(0, "a", "a,3,95000,1");   // on the watermark: not late
            driver.send(0, "a", "not,a,number,x");
            RunSummary second = driver.runAvailableNow();
            assertEquals(4, second.recordsIn());
            assertCounts(second, Map.of("records_malformed", 1L, "records_duplicate", 1L, "records_late", 1L,
                    "records_accepted", 1L));
            assertEquals(1, driver.deadLetters().size());
            assertEquals("number", JSON.readTree(driver.deadLetters().get(0)).get("reason").asText());

            driver.send(0, "a", "a,9,700000,1"); // wm -> 695000 >= 100000 + 600000? no: 700000 needed
            driver.runAvailableNow();
            driver.send(0, "a", "a,1,705000,1");  // a/1 entry (T=100000) not expired at wm 695000: duplicate
            driver.send(0, "a", "a,8,710000,1");
            RunSummary third = driver.runAvailableNow();
            assertCounts(third, Map.of("records_duplicate", 1L));
            driver.send(0, "a", "a,1,720000,1");  // wm now 705000 >= 700000: expired, accepted again
            RunSummary fourth = driver.runAvailableNow();
            assertCounts(fourth, Map.of("records_duplicate", 0L, "records_late", 0L, "records_accepted", 1L));
        }
    }

    @Test
    void dedupEntriesOverTheExecutorsIndexMemoryStopTheJobWithAnErrorNamingTheSetting() throws Exception {
        try (JobTestDriver driver = JobTestDriver.create(CsvJob.create(), 1, dir)) {
            sendMoreDedupEntriesThanTheIndexMemoryHolds(driver);
            // batch 0 commits 3,000 entries (about 200 kB); the no-data batch after it finds them over the limit
            IOException e = assertThrows(IOException.class, driver::runAvailableNow);
            assertTrue(e.getMessage().contains("take about 1 MB of heap, over spindle.executor.index-memory (1 MB)"),
                    e.getMessage());

            driver.set("spindle.executor.index-memory", Long.toString(1L << 30));
            driver.send(0, "a", "a,late-enough,20000,1"); // moves the watermark past the first window
            driver.runAvailableNow(); // raised: the interrupted run is finished from the checkpoint
            driver.runAvailableNow(); // and the next one reads the new record
            assertEquals(List.of("0,10000,a,3000,3000"), driver.rows());
        }
    }

    @Test
    void snapshotsCommitWhenBatchesAreFartherApartThanHalfTheGcGrace() throws Exception {
        try (JobTestDriver driver = JobTestDriver.create(CsvJob.create(), 1, dir)) {
            // gc-grace 2s: a snapshot finished after one batch is older than 1 s when the next reports it.
            driver.set("spindle.checkpoint.gc-grace", "2s").set("spindle.state.snapshot-every-batches", "2")
                    .set("spindle.source.max-records-per-batch", "1");
            for (int i = 0; i < 6; i++) {
                driver.send(0, "a", "a," + i + "," + (i * 1000) + ",1");
            }
            driver.run(new dev.spindle.api.Trigger.AvailableNow(), (plan, commit, timings) -> {
                try {
                    Thread.sleep(1_500); // batches far apart, as with processing-time=10m and the default grace
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try (dev.spindle.state.Checkpoint checkpoint = dev.spindle.state.Checkpoint.openForReading(
                    driver.checkpoint(), new org.apache.hadoop.conf.Configuration())) {
                List<Long> named = new java.util.ArrayList<>();
                for (long batch : checkpoint.commits().batches()) {
                    if (checkpoint.commits().get(batch).orElseThrow().tasks().get("s0-p0").snapshot() != null) {
                        named.add(batch);
                    }
                }
                assertTrue(named.size() >= 2, "commits naming a snapshot: " + named);
            }
        }
    }

    @Test
    void negativeTimestampsFallIntoWindowsAlignedToTheEpoch() throws Exception {
        try (JobTestDriver driver = JobTestDriver.create(CsvJob.create(), 1, dir)) {
            driver.send(0, "a", "a,1,-1,2");
            driver.send(0, "a", "a,2,-10000,3");
            driver.send(0, "a", "a,3,-10001,4");
            driver.send(0, "a", "a,4,30000,0");
            driver.runAvailableNow();
            assertEquals(List.of("-20000,-10000,a,1,4", "-10000,0,a,2,5"), driver.rows());
        }
    }

    @Test
    void aChangedPartitionCountStopsTheJobWithOneLine() throws Exception {
        try (JobTestDriver driver = JobTestDriver.create(CsvJob.create(), 2, dir)) {
            driver.send(0, "a", "a,1,1000,1");
            driver.runAvailableNow();
            driver.input().addPartitions(1);
            driver.send(2, "c", "c,1,2000,1");
            InputChangedException e = assertThrows(InputChangedException.class, driver::runAvailableNow);
            assertEquals("input topic 'events' has 3 partitions, but the checkpoint's batches read 2; Spindle cannot "
                    + "move keyed state between partitions, so the job stops (use a new checkpoint directory for the new "
                    + "partitioning)", e.getMessage());
        }
    }

    @Test
    void aPlanStoredBeforeAFailureIsNotRunAgainOnAChangedInput() throws Exception {
        try (JobTestDriver driver = JobTestDriver.create(CsvJob.create(), 2, dir)) {
            sendMoreDedupEntriesThanTheIndexMemoryHolds(driver);
            // batch 0 commits; batch 1 is planned, and its attempt fails over the index memory
            assertThrows(IOException.class, driver::runAvailableNow);
            assertTrue(Files.exists(Path.of(driver.checkpoint()).resolve("offsets/1")));
            driver.set("spindle.executor.index-memory", Long.toString(1L << 30));
            driver.input().addPartitions(1);
            InputChangedException e = assertThrows(InputChangedException.class, driver::runAvailableNow);
            assertTrue(e.getMessage().startsWith("input topic 'events' has 3 partitions, but the checkpoint's batches "
                    + "planned 2;"), e.getMessage());
            assertFalse(Files.exists(Path.of(driver.checkpoint()).resolve("commits/1")));
        }
    }

    @Test
    void theRateLimitSplitsBatchesAndTheResultIsTheSame() throws Exception {
        List<String> unlimited;
        try (JobTestDriver driver = JobTestDriver.create(CsvJob.create(), 3, dir.resolve("unlimited"))) {
            feed(driver);
            driver.runAvailableNow();
            unlimited = driver.rows();
        }
        try (JobTestDriver driver = JobTestDriver.create(CsvJob.create(), 3, dir.resolve("limited"))) {
            driver.set("spindle.source.max-records-per-batch", "7");
            feed(driver);
            RunSummary run = driver.runAvailableNow();
            assertTrue(run.batches() >= 9, run.toJson());
            assertEquals(sorted(unlimited), sorted(driver.rows()));
        }
    }

    /** 3,000 entries (about 200 kB) for an index memory of 100 kB: batch 0 commits them, the batch after fails. */
    private static void sendMoreDedupEntriesThanTheIndexMemoryHolds(JobTestDriver driver) {
        driver.set("spindle.executor.index-memory", "100000");
        for (int i = 0; i < 3000; i++) {
            driver.send(0, "a", "a," + i + ",1000,1");
        }
    }

    /** The run summary's counters, read as JSON. */
    private static void assertCounts(RunSummary run, Map<String, Long> expected) throws IOException {
        JsonNode summary = JSON.readTree(run.toJson());
        expected.forEach((name, count) -> assertEquals(count, summary.get(name).asLong(), name + " in " + run.toJson()));
    }

    private static void feed(JobTestDriver driver) {
        for (int i = 0; i < 60; i++) {
            int partition = i % 3;
            driver.send(partition, "u" + partition, "u" + partition + "," + i + "," + (i * 700) + ",1.1");
        }
    }

    private static List<String> sorted(List<String> rows) {
        return rows.stream().sorted().toList();
    }
}
