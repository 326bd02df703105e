package dev.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.runtime.fixtures.CsvJob;
import dev.spindle.runtime.testing.JobTestDriver;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.FileRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint file that a commit names is damaged between two runs. The task that needs it falls
 * back to the newest commit it can restore and re-executes the batches after it, state only; the
 * other task is untouched; the rows are exactly those of a run on an intact checkpoint, and the
 * next commit names a snapshot of the re-executed state, so later restores need no damaged file.
 */
class DamagedCheckpointTest {
    private static final String DAMAGED_TASK = "s0-p0";
    private static final String INTACT_TASK = "s0-p1";

    @TempDir
    Path dir;

    @Test
    void aTaskWhoseChangelogIsDamagedReExecutesFromTheNewestIntactCommitAndChangesNoRow() throws Exception {
        try (JobTestDriver damaged = driver("damaged"); JobTestDriver intact = driver("intact")) {
            for (JobTestDriver driver : List.of(damaged, intact)) {
                send(driver, 0, 120);
                driver.runAvailableNow();
            }
            long damagedBatch = flipAByteOfAnOlderChangelog(damaged);
            long lastBatchOfFirstRun;
            try (Checkpoint checkpoint = Checkpoint.openForReading(damaged.checkpoint(), new Configuration())) {
                lastBatchOfFirstRun = checkpoint.commits().latestBatch().orElseThrow();
            }

            for (JobTestDriver driver : List.of(damaged, intact)) {
                send(driver, 120, 160);
                driver.runAvailableNow();
            }
            assertEquals(intact.rows(), damaged.rows(), "rows after re-executing from before batch " + damagedBatch);
            assertEquals(intact.deadLetters(), damaged.deadLetters());
            assertTrue(intact.rows().size() > 20, "the job wrote rows: " + intact.rows());

            try (Checkpoint checkpoint = Checkpoint.openForReading(damaged.checkpoint(), new Configuration())) {
                BatchCommit next = checkpoint.commits().get(lastBatchOfFirstRun + 1).orElseThrow();
                assertNotNull(next.tasks().get(DAMAGED_TASK).snapshot(),
                        "the first commit after the fallback names a snapshot of the re-executed state");
                assertEquals(lastBatchOfFirstRun, next.tasks().get(DAMAGED_TASK).snapshot().stateBatch());
                assertNull(next.tasks().get(INTACT_TASK).snapshot(), "the intact task restored as usual");
            }
        }
    }

    /** Small batches, no scheduled snapshot: a restore replays every changelog. */
    private JobTestDriver driver(String name) throws Exception {
        return JobTestDriver.create(CsvJob.create(), 2, dir.resolve(name))
                .set("spindle.source.max-records-per-batch", "10")
                .set("spindle.state.snapshot-every-batches", "1000");
    }

    /** Users u0..u5 (even users in partition 0), increasing event times, some duplicate ids. */
    private static void send(JobTestDriver driver, int from, int to) {
        for (int i = from; i < to; i++) {
            int user = i % 6;
            driver.send(user % 2, "u" + user, "u" + user + "," + (i % 37) + "," + (i * 700L) + "," + (i % 9) + ".25");
        }
    }

    /**
     * Flips a byte in the changelog of {@link #DAMAGED_TASK} that the third-newest commit naming
     * one names: the newest commits stay restorable only through it.
     *
     * @return the batch of that changelog
     */
    private static long flipAByteOfAnOlderChangelog(JobTestDriver driver) throws Exception {
        try (Checkpoint checkpoint = Checkpoint.openForReading(driver.checkpoint(), new Configuration())) {
            int seen = 0;
            for (long batch = checkpoint.commits().latestBatch().orElseThrow(); batch >= 0; batch--) {
                FileRef changelog = checkpoint.commits().get(batch).orElseThrow().tasks().get(DAMAGED_TASK).changelog();
                if (changelog != null && ++seen == 3) {
                    Path file = Path.of(driver.checkpoint()).resolve(changelog.path());
                    byte[] bytes = Files.readAllBytes(file);
                    bytes[bytes.length / 2] ^= 0x40;
                    Files.write(file, bytes);
                    return batch;
                }
            }
        }
        throw new AssertionError("no three changelogs of " + DAMAGED_TASK);
    }
}
