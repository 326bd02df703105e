package dev.spindle.runtime.task;

import dev.spindle.runtime.table.TableCache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.api.Aggregate;
import dev.spindle.api.ParseResult;
import dev.spindle.api.Trigger;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.window.TumblingWindows;
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
import dev.spindle.runtime.testing.JobTestDriver;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.retention.RetentionSettings;
import dev.spindle.state.rocksdb.StateMemory;
import dev.spindle.state.task.StateEnvironment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attempt that is abandoned (its report came too late, another attempt won) must leave the
 * task's committed state as it found it, even when the user's aggregate decodes by wrapping the
 * stored bytes and adds in place: the executor may run the batch again on the same worker.
 */
class AbandonedAttemptTest {
    @TempDir
    Path dir;

    /** A count that wraps the stored bytes and adds into them: allowed by {@link Aggregate#add}'s contract. */
    private static final class InPlaceCount implements Aggregate<String, ByteBuffer, Long> {
        @Override
        public ByteBuffer zero() {
            return ByteBuffer.allocate(8);
        }

        @Override
        public ByteBuffer add(ByteBuffer accumulator, String value) {
            return accumulator.putLong(0, accumulator.getLong(0) + 1);
        }

        @Override
        public Long result(ByteBuffer accumulator) {
            return accumulator.getLong(0);
        }

        @Override
        public byte[] encode(ByteBuffer accumulator) {
            return accumulator.array();
        }

        @Override
        public ByteBuffer decode(byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
    }

    /** Values {@code key,ts}; one-second windows per key, counted in place. */
    private static StreamJob job() {
        return StreamJob.named("in-place").readKafka("events")
                .parse(record -> ParseResult.ok(new String(record.value(), StandardCharsets.UTF_8)))
                .withEventTime(value -> Long.parseLong(value.split(",")[1]))
                .withWatermark(Duration.ZERO)
                .keyByPartitionKey(value -> value.split(",")[0])
                .window(TumblingWindows.of(Duration.ofSeconds(1)))
                .aggregate(new InPlaceCount())
                .writeLines(result -> result.windowStart() + "," + result.key() + "," + result.value());
    }

    @Test
    void anAbandonedAttemptLeavesTheCommittedWindowsAsTheyWere() throws Exception {
        StreamJob job = job();
        InMemoryPartitionSource source = new InMemoryPartitionSource(1);
        for (String value : List.of("a,100", "a,200", "a,300", "a,5000")) {
            source.append(0, null, value.getBytes(StandardCharsets.UTF_8), 0);
        }
        Configuration conf = new Configuration();
        Path output = dir.resolve("output");
        try (Checkpoint checkpoint = Checkpoint.open(dir.resolve("checkpoint").toUri(), conf);
                StateMemory memory = new StateMemory(16L * 1024 * 1024);
                StateEnvironment env = new StateEnvironment(checkpoint.fs(), dir.resolve("local"), memory, 0);
                LocalExecutors local = new LocalExecutors(job, checkpoint, env, source,
                        OutputLocation.under(output.toUri()), new TaskSettings(20, new IndexMemory(1L << 30),
                                OnDataLoss.FAIL, new TableCache()))) {
            CheckpointCompatibility.check(checkpoint, job);
            BatchExecutors runningBatchOneTwice = new BatchExecutors() {
                @Override
                public Map<String, TaskReport> execute(PlannedBatch plan, long epoch)
                        throws IOException, InterruptedException {
                    if (plan.batch() == 1) {
                        local.execute(plan, epoch); // this attempt is abandoned: the next one is committed
                    }
                    return local.execute(plan, epoch);
                }

                @Override
                public void committed(BatchCommit commit) throws IOException, InterruptedException {
                    local.committed(commit);
                }

                @Override
                public void close() {}
            };
            new BatchDriver(job, checkpoint, source, runningBatchOneTwice, new Publisher(checkpoint, new FileSink(checkpoint, conf)),
                    new BatchDriver.RunSettings(new Trigger.AvailableNow(), job.topic(), 1, OnDataLoss.FAIL,
                            RetentionSettings.defaults(), 10),
                    Clock.systemUTC(), BatchListener.NONE).run();
        }
        assertEquals(List.of("0,a,3"), JobTestDriver.lines(output));
    }
}
