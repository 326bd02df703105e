package dev.spindle.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.runtime.driver.BatchListener;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.testkit.PrometheusText;
import java.time.Clock;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JobViewTest {
    private static final BatchListener.BatchTimings TIMINGS = new BatchListener.BatchTimings(1, 2, 3, 4, 10);

    private final JobView view = new JobView("clickstream", "available-now", 1, new AttemptTimeline("appattempt_1_0001_000001", Clock.systemUTC()));

    @Test
    void anAvailableNowRunProgressesByTheShareOfItsBacklogRead() {
        // two partitions, 100 and 300 records to read from where the run starts
        view.committed(plan(0, "available-now", "run-1", offsets(0, 0), offsets(50, 50), offsets(100, 300)),
                commit(0, 100), TIMINGS);
        view.batchProgress(() -> 0.9);
        assertEquals(0.25f, view.progress(), 1e-6);
        view.committed(plan(1, "available-now", "run-1", offsets(50, 50), offsets(100, 300), offsets(100, 300)),
                commit(1, 300), TIMINGS);
        assertEquals(1.0f, view.progress(), 1e-6);
        assertTrue(view.batchesJson().startsWith("[{\"batch\":1,"), view.batchesJson());
        assertTrue(view.batchesJson().contains("\"lag\":0"), view.batchesJson());
        assertTrue(view.progressJson().contains("\"latestOffset\":{\"0\":100,\"1\":300}"), view.progressJson());
    }

    @Test
    void aRunResumedByAnotherAttemptCountsFromWhereItFoundIt() {
        view.committed(plan(7, "available-now", "run-2", offsets(60, 60), offsets(80, 80), offsets(100, 100)),
                commit(7, 40), TIMINGS);
        assertEquals(0.5f, view.progress(), 1e-6);
    }

    @Test
    void otherTriggersProgressByTheBatchInFlightAndReportTheirLag() {
        view.committed(plan(3, "processing-time=1s", "run-3", offsets(0, 0), offsets(40, 10), offsets(100, 10)),
                commit(3, 50), TIMINGS);
        view.batchProgress(() -> 0.75);
        assertEquals(0.75f, view.progress(), 1e-6);
        assertTrue(view.statusLine().startsWith("batch 3 committed: 50 records in 10 ms, 0 rows out, lag 60"),
                view.statusLine());
        Map<String, Double> metrics = PrometheusText.parse(view.metrics());
        assertEquals(60.0, metrics.get("spindle_lag_records{spindle_job=\"clickstream\"}"), view.metrics());
        assertEquals(60.0, metrics.get("spindle_partition_lag_records{partition=\"0\",spindle_job=\"clickstream\"}"));
        assertEquals(0.0, metrics.get("spindle_partition_lag_records{partition=\"1\",spindle_job=\"clickstream\"}"));
        assertEquals(50.0, metrics.get("spindle_records_in_total{spindle_job=\"clickstream\"}"));
        assertEquals(1.0, metrics.get("spindle_batch_duration_seconds_count{phase=\"total\",spindle_job=\"clickstream\"}"));
        assertEquals(0.01, metrics.get("spindle_batch_duration_seconds_sum{phase=\"total\",spindle_job=\"clickstream\"}"), 1e-9);
        assertEquals(0.75, metrics.get("spindle_progress{spindle_job=\"clickstream\"}"), 1e-6);
        assertEquals(1.0, metrics.get("spindle_batch_duration_seconds_bucket{le=\"0.01\",phase=\"total\",spindle_job=\"clickstream\"}"));
        assertEquals(1.0, metrics.get("spindle_batch_duration_seconds_bucket{le=\"0.01\",phase=\"plan\",spindle_job=\"clickstream\"}"));
    }

    private static SortedMap<Integer, Long> offsets(long p0, long p1) {
        return new TreeMap<>(Map.of(0, p0, 1, p1));
    }

    private static PlannedBatch plan(long batch, String trigger, String runId, SortedMap<Integer, Long> starts,
            SortedMap<Integer, Long> ends, SortedMap<Integer, Long> targets) {
        return new PlannedBatch(batch, trigger, runId, 1_000 + batch, null, "clicks", null, 2, starts, ends, targets,
                "topology", new TreeMap<>(), 0);
    }

    private static BatchCommit commit(long batch, long records) {
        return new BatchCommit(batch, 1, 2_000, new TreeMap<>(), Map.of("records_in", Long.toString(records)));
    }
}
