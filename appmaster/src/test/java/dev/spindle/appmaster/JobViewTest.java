package dev.spindle.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.runtime.driver.BatchListener;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.log.SnapshotRef;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.retention.GcReport;
import dev.spindle.testkit.PrometheusText;
import java.time.Clock;
import java.util.List;
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

    @Test
    void stateSizeSnapshotsFallbacksAndRetainedCommitsReachThePageAndTheMetrics() {
        SortedMap<String, TaskCommit> tasks = new TreeMap<>();
        tasks.put("s0-p0", new TaskCommit("1-0", null, new SnapshotRef(4, new FileRef("snapshots/s0-p0/4/MANIFEST", 90, 7)),
                List.of(), Map.of("state_bytes", "1000", "snapshot_bytes", "600")));
        tasks.put("s0-p1", new TaskCommit("1-1", null, null, List.of(),
                Map.of("state_bytes", "234", "restore_fallback", "task s0-p1 fell back from batch 5 to batch 3: changelog <gone>")));
        view.committed(plan(6, "processing-time=1s", "run-4", offsets(0, 0), offsets(10, 10), offsets(10, 10)),
                new BatchCommit(6, 1, 2_000, tasks, Map.of("records_in", "20")), TIMINGS);
        view.collected(new GcReport(3, 6, List.of("commits/0", "commits/1", "commits/2"), false));

        Map<String, Double> metrics = PrometheusText.parse(view.metrics());
        String job = "spindle_job=\"clickstream\"";
        assertEquals(1234.0, metrics.get("spindle_state_bytes{" + job + "}"), view.metrics());
        assertEquals(1000.0, metrics.get("spindle_task_state_bytes{" + job + ",task=\"s0-p0\"}"));
        assertEquals(234.0, metrics.get("spindle_task_state_bytes{" + job + ",task=\"s0-p1\"}"));
        assertEquals(600.0, metrics.get("spindle_checkpoint_snapshot_bytes_total{" + job + "}"));
        assertEquals(1.0, metrics.get("spindle_checkpoint_snapshots_total{" + job + "}"));
        assertEquals(2.0, metrics.get("spindle_checkpoint_snapshot_lag_batches{" + job + "}"), "batch 6 minus state batch 4");
        assertEquals(1.0, metrics.get("spindle_restore_fallbacks_total{" + job + "}"));
        assertEquals(4.0, metrics.get("spindle_checkpoint_retained_commits{" + job + "}"), "commits 3 to 6");
        assertEquals(3.0, metrics.get("spindle_checkpoint_gc_deleted_files_total{" + job + "}"));

        String html = view.html();
        assertTrue(html.contains("retained commits: 3 to 6 (4)"), html);
        assertTrue(html.contains("<td class=\"text\">s0-p0</td><td>4</td><td>6</td><td>600</td>"), html);
        assertTrue(html.contains("task s0-p1 fell back from batch 5 to batch 3: changelog &lt;gone&gt;"), html);
        assertTrue(html.contains("State size"), html);
        assertTrue(html.contains("trigger available-now"), html);
        assertTrue(html.contains("no batch in flight"), html);
        assertTrue(view.batchesJson().contains("\"state_bytes\":1234"), view.batchesJson());
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
