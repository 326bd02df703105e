package dev.spindle.runtime.testing;

import dev.spindle.api.Trigger;
import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.EngineOptions;
import dev.spindle.runtime.driver.BatchListener;
import dev.spindle.runtime.driver.RunSummary;
import dev.spindle.runtime.local.LocalRun;
import dev.spindle.runtime.plan.TaskNames;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.source.InMemoryPartitionSource;
import dev.spindle.runtime.task.StateInspector;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.rocksdb.StateMemory;
import dev.spindle.state.rocksdb.TaskStateStore;
import dev.spindle.state.task.StateEnvironment;
import dev.spindle.state.task.TaskState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * Runs a job with no cluster, for users' tests (like Kafka Streams' {@code TopologyTestDriver}):
 * feed records per partition, run batches, read the published output and the state.
 *
 * <pre>{@code
 * try (JobTestDriver driver = JobTestDriver.create(new ClickstreamJob().create(), 2, tempDir)) {
 *     driver.send(0, "u1", "{\"id\":\"e1\",\"user\":\"u1\",...}");
 *     driver.runAvailableNow();
 *     assertEquals(List.of(...), driver.rows());
 * }
 * }</pre>
 *
 * It is the real engine — batch driver, planner, operators, RocksDB state, checkpoint, file sink —
 * with three differences from a real run: the input is in memory (no Kafka: no transactions, no
 * retention), the checkpoint and output are on the local file system, and each {@code run*} call is a
 * separate run (a fresh start from the checkpoint, as after a restart).
 */
public final class JobTestDriver implements AutoCloseable {
    private final StreamJob job;
    private final InMemoryPartitionSource source;
    private final Path dir;
    private final Configuration conf = new Configuration();

    private JobTestDriver(StreamJob job, int partitions, Path dir) {
        this.job = job;
        this.source = new InMemoryPartitionSource(partitions);
        this.dir = dir;
        conf.set(EngineOptions.LOCAL_DIR.name(), dir.resolve("local").toString());
    }

    /** A driver whose checkpoint and output live under {@code dir}. */
    public static JobTestDriver create(StreamJob job, int partitions, Path dir) throws IOException {
        Files.createDirectories(dir);
        return new JobTestDriver(job, partitions, dir);
    }

    public StreamJob job() {
        return job;
    }

    /** Sets a {@code spindle.*} configuration key for the runs that follow. */
    public JobTestDriver set(String key, String value) {
        conf.set(key, value);
        return this;
    }

    /** Appends a record to a partition; returns its offset. */
    public long send(int partition, byte[] key, byte[] value) {
        return source.append(partition, key, value, System.currentTimeMillis());
    }

    public long send(int partition, String key, String value) {
        return send(partition, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** The in-memory input, for adding partitions and the like. */
    public InMemoryPartitionSource input() {
        return source;
    }

    /** One available-now run: everything sent so far, in rate-limited batches, then stop. */
    public RunSummary runAvailableNow() throws IOException, InterruptedException {
        return run(new Trigger.AvailableNow(), BatchListener.NONE);
    }

    /** One run of at most one batch. */
    public RunSummary runOnce() throws IOException, InterruptedException {
        return run(new Trigger.Once(), BatchListener.NONE);
    }

    public RunSummary run(Trigger trigger, BatchListener listener) throws IOException, InterruptedException {
        return new LocalRun().run(new LocalRun.Settings(job, job.topic(), source, checkpoint(), OutputLocation.under(
                dir.resolve("output").toUri()), trigger, conf), listener);
    }

    /** Every published row, in (batch, task, line) order. */
    public List<String> rows() throws IOException {
        return lines(dir.resolve("output"));
    }

    /** Every published dead letter, in (batch, task, line) order. */
    public List<String> deadLetters() throws IOException {
        return lines(dir.resolve("output").resolve("_dlq"));
    }

    /**
     * The windows still open in the task of {@code partition} of the windows' stage (the input's
     * partition, or the partition after the job's shuffle), as of the newest commit.
     */
    public List<StateInspector.OpenWindow> openWindows(int partition) throws IOException, InterruptedException {
        return inspect(windowTask(partition), StateInspector::openWindows);
    }

    /** The sessions still open in the task of {@code partition} of the windows' stage, as of the newest commit. */
    public List<StateInspector.OpenSession> openSessions(int partition) throws IOException, InterruptedException {
        return inspect(windowTask(partition), StateInspector::openSessions);
    }

    /** The timers set in the task of {@code partition} of the keyed stage, as of the newest commit. */
    public List<StateInspector.SetTimer> timers(int partition) throws IOException, InterruptedException {
        return inspect(windowTask(partition), StateInspector::timers);
    }

    /** The process function's state entries in the task of {@code partition} of the keyed stage, as of the newest commit. */
    public List<StateInspector.ProcessState> processStates(int partition) throws IOException, InterruptedException {
        return inspect(windowTask(partition), store -> StateInspector.processStates(store, job.process().states()));
    }

    private String windowTask(int partition) {
        return TaskNames.of(job.shuffle() == null ? 0 : 1, partition);
    }

    private interface Inspection<T> {
        T of(TaskStateStore store) throws IOException;
    }

    /** Restores a task's state of the newest commit into a scratch RocksDB and reads it. */
    private <T> T inspect(String task, Inspection<T> inspection) throws IOException, InterruptedException {
        try (Checkpoint checkpoint = Checkpoint.openForReading(checkpoint(), conf);
                StateMemory memory = new StateMemory(16L * 1024 * 1024);
                StateEnvironment env = new StateEnvironment(checkpoint.fs(), Files.createTempDirectory(dir, "inspect-"),
                        memory, 0);
                TaskState state = TaskState.restore(env, task,
                        checkpoint.commits().latestBatch().orElse(-1), checkpoint.commits())) {
            return inspection.of(state.store());
        }
    }

    public java.net.URI checkpoint() {
        return dir.resolve("checkpoint").toUri();
    }

    /** Every published line of the files directly under an output directory, in (batch, task, line) order. */
    public static List<String> lines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".") && !f.getFileName().toString().startsWith("_"))
                    .sorted().toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    @Override
    public void close() {
        source.close();
    }
}
