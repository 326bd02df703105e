package dev.spindle.runtime.clickstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.Trigger;
import dev.spindle.api.job.StreamJob;
import dev.spindle.examples.clickstream.ClickstreamJob;
import dev.spindle.runtime.CheckpointCompatibility;
import dev.spindle.runtime.driver.BatchDriver;
import dev.spindle.runtime.driver.BatchExecutors;
import dev.spindle.runtime.driver.BatchListener;
import dev.spindle.runtime.local.LocalExecutors;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.sink.FileSink;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.sink.Publisher;
import dev.spindle.runtime.source.InMemoryPartitionSource;
import dev.spindle.runtime.source.OnDataLoss;
import dev.spindle.runtime.task.IndexMemory;
import dev.spindle.runtime.table.TableCache;
import dev.spindle.runtime.task.TaskSettings;
import dev.spindle.runtime.task.TaskReport;
import dev.spindle.runtime.testing.JobTestDriver;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.retention.RetentionSettings;
import dev.spindle.state.rocksdb.StateMemory;
import dev.spindle.state.task.StateEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks move between two executors every two batches, as on YARN when executors come and go: an
 * executor that gets a task back holds its state from before, and catches up by replaying the
 * changelogs the other one wrote (its dedup entries are written back to RocksDB first, and read
 * again after). The rows are exactly those of one executor running every batch.
 */
class TasksMovingBetweenExecutorsTest {
    private static final int PARTITIONS = 2;
    private static final long PER_BATCH = 9;

    @TempDir
    Path dir;

    @Test
    void aTaskThatComesBackCatchesUpAndDeduplicatesAsIfItNeverLeft() throws Exception {
        List<List<byte[]>> input = ClickstreamInputs.generate(new Random(21), PARTITIONS, 300, 1_767_225_600_000L);
        StreamJob job = new ClickstreamJob().create();

        List<String> expected;
        try (JobTestDriver single = JobTestDriver.create(job, PARTITIONS, dir.resolve("single"))) {
            single.set("spindle.source.max-records-per-batch", Long.toString(PER_BATCH));
            single.set("spindle.state.snapshot-every-batches", "5");
            for (int p = 0; p < PARTITIONS; p++) {
                for (byte[] value : input.get(p)) {
                    single.send(p, null, value);
                }
            }
            single.runAvailableNow();
            expected = single.rows();
        }

        InMemoryPartitionSource source = new InMemoryPartitionSource(PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            for (byte[] value : input.get(p)) {
                source.append(p, null, value, 0);
            }
        }
        Configuration conf = new Configuration();
        Path output = dir.resolve("moving").resolve("output");
        List<Long> batchesRunByB = new ArrayList<>();
        try (Checkpoint checkpoint = Checkpoint.open(dir.resolve("moving").resolve("checkpoint").toUri(), conf);
                StateMemory memory = new StateMemory(32L * 1024 * 1024);
                StateEnvironment envA = new StateEnvironment(checkpoint.fs(), dir.resolve("local-a"), memory, 0);
                StateEnvironment envB = new StateEnvironment(checkpoint.fs(), dir.resolve("local-b"), memory, 0);
                LocalExecutors a = new LocalExecutors(job, checkpoint, envA, source, OutputLocation.under(output.toUri()),
                        new TaskSettings(5, new IndexMemory(1L << 30), OnDataLoss.FAIL, new TableCache()));
                LocalExecutors b = new LocalExecutors(job, checkpoint, envB, source, OutputLocation.under(output.toUri()),
                        new TaskSettings(5, new IndexMemory(1L << 30), OnDataLoss.FAIL, new TableCache()))) {
            CheckpointCompatibility.check(checkpoint, job);
            BatchExecutors alternating = new BatchExecutors() {
                @Override
                public Map<String, TaskReport> execute(PlannedBatch plan, long epoch)
                        throws IOException, InterruptedException {
                    if (plan.batch() / 2 % 2 == 1) {
                        batchesRunByB.add(plan.batch());
                        return b.execute(plan, epoch);
                    }
                    return a.execute(plan, epoch);
                }

                @Override
                public void committed(BatchCommit commit) throws IOException, InterruptedException {
                    a.committed(commit);
                    b.committed(commit);
                }

                @Override
                public void close() {}
            };
            new BatchDriver(job, checkpoint, source, alternating, new Publisher(checkpoint, new FileSink(checkpoint, conf)),
                    new BatchDriver.RunSettings(new Trigger.AvailableNow(), job.topic(), PER_BATCH, OnDataLoss.FAIL,
                            RetentionSettings.defaults(), 10),
                    Clock.systemUTC(), BatchListener.NONE).run();
        }

        assertTrue(batchesRunByB.size() >= 10, "tasks moved back and forth: B ran " + batchesRunByB);
        assertTrue(expected.size() > 20, "the job wrote rows: " + expected);
        assertEquals(expected, JobTestDriver.lines(output));
    }
}
