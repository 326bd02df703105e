package dev.spindle.runtime.local;

import dev.spindle.api.Trigger;
import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.CheckpointCompatibility;
import dev.spindle.runtime.EngineOptions;
import dev.spindle.runtime.driver.BatchDriver;
import dev.spindle.runtime.driver.BatchListener;
import dev.spindle.runtime.driver.RunSummary;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.task.TaskSettings;
import dev.spindle.runtime.sink.OutputSink;
import dev.spindle.runtime.sink.Publisher;
import dev.spindle.runtime.source.PartitionSource;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.StateOptions;
import dev.spindle.state.retention.RetentionSettings;
import dev.spindle.state.rocksdb.StateMemory;
import dev.spindle.state.task.StateEnvironment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;

/**
 * A job run in local mode: the batch driver with executors as threads of this JVM, a checkpoint
 * on any Hadoop file system (usually {@code file://}, where the run holds its {@code .lock}).
 */
public final class LocalRun {
    private final AtomicReference<BatchDriver> driver = new AtomicReference<>();

    /** Everything a local run needs; {@code conf} supplies the {@code spindle.*} settings. */
    public record Settings(StreamJob job, String topic, PartitionSource source, URI checkpoint, OutputLocation output,
            Trigger trigger, Configuration conf) {}

    private volatile boolean stopRequested;

    /** Asks the run to stop after its current batch; before it started, not to run any. */
    public void stop() {
        stopRequested = true;
        BatchDriver running = driver.get();
        if (running != null) {
            running.stop();
        }
    }

    /**
     * Runs the job until its trigger says stop.
     *
     * @throws dev.spindle.state.io.CheckpointInUseException when another run holds the checkpoint
     * @throws dev.spindle.runtime.IncompatibleCheckpointException when the checkpoint belongs to
     *     another job or topology
     */
    public RunSummary run(Settings settings, BatchListener listener) throws IOException, InterruptedException {
        Configuration conf = settings.conf();
        Path localDir = localDir(conf);
        // The executors' RocksDB instances: removed at the end, or at exit if the JVM ends first.
        Thread removeLocalDir = new Thread(() -> FileUtil.fullyDelete(localDir.toFile()), "spindle-local-dir-cleanup");
        Runtime.getRuntime().addShutdownHook(removeLocalDir);
        try (Checkpoint checkpoint = Checkpoint.open(settings.checkpoint(), conf);
                StateMemory memory = new StateMemory(StateOptions.STATE_MEMORY_BYTES.read(conf::get))) {
            String checkpointId = CheckpointCompatibility.check(checkpoint, settings.job()).jobId();
            RetentionSettings retention = RetentionSettings.read(conf::get);
            try (StateEnvironment env = new StateEnvironment(checkpoint.fs(), localDir, memory,
                    StateOptions.SNAPSHOT_UPLOAD_BYTES_PER_SECOND.read(conf::get), retention.gcGrace(),
                    Clock.systemUTC());
                    LocalExecutors executors = new LocalExecutors(settings.job(), checkpoint, env,
                            settings.source(), settings.output(), TaskSettings.read(conf::get));
                    OutputSink sink = OutputSink.forRun(settings.output(), checkpoint, conf::get, conf, null,
                            settings.topic(), settings.job(), checkpointId)) {
                BatchDriver batchDriver = new BatchDriver(settings.job(), checkpoint, settings.source(), executors,
                        new Publisher(checkpoint, sink),
                        BatchDriver.RunSettings.read(settings.trigger(), settings.topic(), conf::get),
                        Clock.systemUTC(), listener);
                driver.set(batchDriver);
                if (stopRequested) {
                    batchDriver.stop();
                }
                return batchDriver.run();
            }
        } finally {
            FileUtil.fullyDelete(localDir.toFile());
            try {
                Runtime.getRuntime().removeShutdownHook(removeLocalDir);
            } catch (IllegalStateException e) {
                // the JVM is exiting: the hook runs anyway
            }
        }
    }

    private static Path localDir(Configuration conf) throws IOException {
        String configured = EngineOptions.LOCAL_DIR.read(conf::get);
        Path base = Path.of(configured.isEmpty() ? System.getProperty("java.io.tmpdir") : configured);
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "spindle-executor-");
    }
}
