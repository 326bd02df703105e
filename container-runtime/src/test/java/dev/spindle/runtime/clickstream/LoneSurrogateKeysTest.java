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

/**
 * A JSON string may escape a lone surrogate ({@code "\udc00"}), which has no UTF-8 form: the
 * engine's state keys must still tell it apart from {@code "?"}, and the output must write it back
 * as JSON does.
 */
class LoneSurrogateKeysTest {
    @TempDir
    Path tempDir;

    private static String click(String jsonUser, String jsonId, long ts) {
        return "{\"id\":\"" + jsonId + "\",\"user\":\"" + jsonUser + "\",\"url\":\"/\",\"ts\":" + ts + ",\"amount\":1}";
    }

    @Test
    void aLoneSurrogateIsNeitherADuplicateOfNorMergedWithAQuestionMark() throws Exception {
        try (JobTestDriver driver = JobTestDriver.create(new ClickstreamJob().create(), 1, tempDir)) {
            driver.send(0, null, click("a", "\\udc00", 1000));
            driver.send(0, null, click("a", "?", 1000)); // another id: not a duplicate
            driver.send(0, null, click("\\udc00", "e1", 1000));
            driver.send(0, null, click("?", "e1", 1000)); // another user: its own row
            driver.send(0, null, click("\\ud800x", "e1", 1000));
            driver.send(0, null, click("z", "e9", 21000)); // moves the watermark past the first window
            RunSummary run = driver.runAvailableNow();
            assertEquals("{\"status\":\"SUCCEEDED\",\"batches\":2,\"records_in\":6,\"records_malformed\":0,"
                    + "\"records_duplicate\":0,\"records_late\":0,\"records_accepted\":6,\"rows_out\":4",
                    run.toJson().substring(0, run.toJson().indexOf(",\"elapsed_ms\"")));
            assertEquals(List.of(
                    "{\"window_start\":0,\"window_end\":10000,\"user\":\"?\",\"count\":1,\"sum\":1}",
                    "{\"window_start\":0,\"window_end\":10000,\"user\":\"\\ud800x\",\"count\":1,\"sum\":1}",
                    "{\"window_start\":0,\"window_end\":10000,\"user\":\"\\udc00\",\"count\":1,\"sum\":1}",
                    "{\"window_start\":0,\"window_end\":10000,\"user\":\"a\",\"count\":2,\"sum\":2}"),
                    driver.rows().stream().sorted().toList());
            assertEquals(List.of(new StateInspector.OpenWindow(30000, "z")), driver.openWindows(0));
        }
    }
}
