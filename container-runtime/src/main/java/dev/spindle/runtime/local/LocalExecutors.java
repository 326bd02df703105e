package dev.spindle.runtime.local;

import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.driver.BatchExecutors;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.source.PartitionSource;
import dev.spindle.runtime.task.TaskReport;
import dev.spindle.runtime.task.TaskThreads;
import dev.spindle.runtime.task.TaskSettings;
import dev.spindle.runtime.task.TaskWorker;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.task.StateEnvironment;
import java.io.IOException;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Local mode's executors: every task on its own thread in this JVM ({@link TaskThreads}), as in an executor container. */
public final class LocalExecutors implements BatchExecutors {
    private static final Logger LOG = LoggerFactory.getLogger(LocalExecutors.class);
    private final StreamJob job;
    private final Checkpoint checkpoint;
    private final StateEnvironment env;
    private final PartitionSource source;
    private final OutputLocation output;
    private final TaskSettings settings;
    private final TaskThreads threads = new TaskThreads();
    private final Map<Integer, TaskWorker> workers = new TreeMap<>();
    /** Each task's apply of the last commit, still running on its thread, until the next batch's results are in. */
    private List<Future<Long>> applying = List.of();
    private long attempts;

    public LocalExecutors(StreamJob job, Checkpoint checkpoint, StateEnvironment env, PartitionSource source,
            OutputLocation output, TaskSettings settings) {
        this.job = job;
        this.checkpoint = checkpoint;
        this.env = env;
        this.source = source;
        this.output = output;
        this.settings = settings;
    }

    @Override
    public Map<String, TaskReport> execute(PlannedBatch plan, long epoch) throws IOException, InterruptedException {
        Map<Integer, String> attemptIds = new TreeMap<>();
        for (int p = 0; p < plan.partitionCount(); p++) {
            attemptIds.put(p, CheckpointLayout.attempt(epoch, attempts++));
        }
        Map<String, TaskReport> reports = new TreeMap<>();
        for (TaskReport report : onEveryTask(plan.partitionCount(),
                worker -> worker.run(plan, attemptIds.get(worker.partition()))).values()) {
            reports.put(report.task(), report);
        }
        awaitApplied();
        return reports;
    }

    /**
     * Hands the commit to every task's thread and returns: the driver publishes and plans the next
     * batch meanwhile, and a task that is done applying starts its next attempt without waiting for
     * the others. An attempt always runs after its task's apply (one thread per task), and it
     * checks that its state is exactly what the previous commit names (I3), so an apply that failed
     * costs a restore, never a wrong state; the failure is still reported with the next batch.
     */
    @Override
    public void committed(BatchCommit commit) throws IOException, InterruptedException {
        applying = submitToEveryTask(commit.tasks().size(), worker -> {
            worker.committed(commit);
            return 0L;
        });
    }

    private void awaitApplied() throws IOException, InterruptedException {
        try {
            await(applying);
        } finally {
            applying = List.of();
        }
    }

    /** One unit of work on a task, on the task's own thread. */
    private interface TaskWork<T> {
        T on(TaskWorker worker) throws Exception;
    }

    private <T> Map<Integer, T> onEveryTask(int partitions, TaskWork<T> work) throws IOException, InterruptedException {
        return await(submitToEveryTask(partitions, work));
    }

    private <T> List<Future<T>> submitToEveryTask(int partitions, TaskWork<T> work) throws IOException {
        List<Future<T>> futures = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            TaskWorker worker = worker(p);
            futures.add(threads.of(worker.task()).submit(() -> work.on(worker)));
        }
        return futures;
    }

    /** The results by partition; the first failure cancels the rest and is thrown, naming its task. */
    private static <T> Map<Integer, T> await(List<Future<T>> futures) throws IOException, InterruptedException {
        Map<Integer, T> results = new TreeMap<>();
        for (int p = 0; p < futures.size(); p++) {
            try {
                results.put(p, futures.get(p).get());
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException("task " + TaskWorker.taskName(p) + " failed: " + e.getCause(), e.getCause());
            }
        }
        return results;
    }

    private synchronized TaskWorker worker(int partition) throws IOException {
        TaskWorker worker = workers.get(partition);
        if (worker == null) {
            worker = new TaskWorker(partition, job, checkpoint, env, source.openReader(partition), output, settings);
            workers.put(partition, worker);
        }
        return worker;
    }

    @Override
    public synchronized void close() {
        try {
            awaitApplied(); // the last commit's state and snapshot, for the next run on this machine
        } catch (IOException e) {
            LOG.warn("Applying the last commit failed: {}",
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.values().forEach(TaskWorker::close);
    }
}
