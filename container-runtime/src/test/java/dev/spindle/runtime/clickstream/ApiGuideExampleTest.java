package dev.spindle.runtime.clickstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.examples.clickstream.ClickstreamJob;
import dev.spindle.runtime.driver.RunSummary;
import dev.spindle.runtime.task.StateInspector;
import dev.spindle.runtime.testing.JobTestDriver;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test-driver example of docs/api-guide.md, kept true. */
class ApiGuideExampleTest {
    @TempDir
    Path tempDir;

    @Test
    void theGuidesExampleHolds() throws Exception {
        try (JobTestDriver driver = JobTestDriver.create(new ClickstreamJob().create(), 2, tempDir)) {
            driver.send(0, "u1", "{\"id\":\"e1\",\"user\":\"u1\",\"url\":\"/\",\"ts\":1000,\"amount\":2.5}");
            driver.send(0, "u1", "{\"id\":\"e2\",\"user\":\"u1\",\"url\":\"/\",\"ts\":20000,\"amount\":1}");
            RunSummary run = driver.runAvailableNow();
            assertEquals(2, run.batches());
            assertEquals(List.of("{\"window_start\":0,\"window_end\":10000,\"user\":\"u1\",\"count\":1,\"sum\":2.5}"),
                    driver.rows());
            assertEquals(List.of(new StateInspector.OpenWindow(30000, "u1")), driver.openWindows(0));
        }
    }
}
