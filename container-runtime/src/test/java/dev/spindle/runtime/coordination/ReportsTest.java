package dev.spindle.runtime.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.runtime.task.TaskCounters;
import dev.spindle.runtime.task.TaskReport;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.log.SnapshotRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportsTest {

    @Test
    void aReportCarriesTheTaskFiguresAndItsExecutorsJvm() throws Exception {
        TaskCounters counters = TaskCounters.fromProperties(Map.of("records_in", "12", "state_bytes", "4096",
                "snapshot_bytes", "2048", "restore_fallback", "task s0-p1 fell back from batch 5 to batch 3: gone"));
        TaskReport report = new TaskReport("s0-p1", "3-7", new FileRef("changelogs/x", 10, 99),
                new SnapshotRef(4, new FileRef("snapshots/m", 5, 6)), List.of(), counters, null);
        ExecutorStats sampled = ExecutorStats.sample("container_1_0001_01_000002", 3);
        byte[] bytes = Reports.toBytes(report, 3, sampled);

        TaskReport read = Reports.fromBytes(bytes);
        assertEquals("3-7", read.attempt());
        assertEquals("4096", read.toTaskCommit().properties().get("state_bytes"));
        assertEquals("2048", read.toTaskCommit().properties().get("snapshot_bytes"));
        assertEquals("task s0-p1 fell back from batch 5 to batch 3: gone",
                read.toTaskCommit().properties().get("restore_fallback"));
        ExecutorStats stats = Reports.executorStats(bytes);
        assertEquals(sampled, stats);
        assertTrue(stats.heapUsedBytes() > 0 && stats.heapUsedBytes() <= stats.heapMaxBytes(), stats.toString());
        assertTrue(stats.cpuMillis() > 0, "this JVM has used CPU: " + stats);
        assertEquals(3, stats.stalePlansRefused());
    }

    @Test
    void aTaskThatDidNotFallBackReportsNoReason() throws Exception {
        TaskReport report = new TaskReport("s0-p0", "1-0", null, null, List.of(), TaskCounters.fromProperties(Map.of()), null);
        TaskReport read = Reports.fromBytes(Reports.toBytes(report, 1, ExecutorStats.sample("e", 0)));
        assertNull(read.toTaskCommit().properties().get("restore_fallback"));
    }

    @Test
    void aReportWithoutExecutorFiguresIsRefusedByName() {
        byte[] bytes = "{\"task\":\"s0-p0\",\"attempt\":\"1-0\",\"outputs\":[],\"counters\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> Reports.executorStats(bytes));
        assertTrue(e.getMessage().contains("executor"), e.getMessage());
    }
}
