package dev.spindle.runtime.local;

import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.driver.BatchExecutors;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.plan.TaskNames;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.source.PartitionSource;
import dev.spindle.runtime.task.TaskReport;
import dev.spindle.runtime.task.TaskThreads;
import dev.spindle.runtime.task.TaskSettings;
import dev.spindle.runtime.task.TaskWorker;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.FileRef;
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
    private final Map<String, TaskWorker> workers = new TreeMap<>();
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

    /**
     * Runs the batch's stages in order, each once every task of the stage before has its report:
     * a task after a shuffle reads the shuffle files of exactly those attempts.
     */
    @Override
    public Map<String, TaskReport> execute(PlannedBatch plan, long epoch) throws IOException, InterruptedException {
        Map<String, TaskReport> reports = new TreeMap<>();
        for (int stage = 0; stage < plan.stageCount(); stage++) {
            List<FileRef> upstream = stage == 0 ? List.of() : plan.upstreamFiles(stage, task -> reports.get(task).shuffle());
            Map<String, String> attemptIds = new TreeMap<>();
            for (String task : plan.tasks(stage)) {
                attemptIds.put(task, CheckpointLayout.attempt(epoch, attempts++));
            }
            for (TaskReport report : onTasks(plan.tasks(stage),
                    worker -> worker.run(plan, attemptIds.get(worker.task()), upstream))) {
                reports.put(report.task(), report);
            }
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
        applying = submitToTasks(List.copyOf(commit.tasks().keySet()), worker -> {
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

    private <T> List<T> onTasks(List<String> tasks, TaskWork<T> work) throws IOException, InterruptedException {
        return await(submitToTasks(tasks, work));
    }

    private <T> List<Future<T>> submitToTasks(List<String> tasks, TaskWork<T> work) throws IOException {
        List<Future<T>> futures = new ArrayList<>();
        for (String task : tasks) {
            TaskWorker worker = worker(task);
            futures.add(threads.of(task).submit(() -> {
                try {
                    return work.on(worker);
                } catch (RuntimeException e) {
                    throw new IOException("task " + task + " failed: " + e, e);
                }
            }));
        }
        return futures;
    }

    /** The results in task order; the first failure cancels the rest and is thrown. */
    private static <T> List<T> await(List<Future<T>> futures) throws IOException, InterruptedException {
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException("a task failed: " + e.getCause(), e.getCause());
            }
        }
        return results;
    }

    private synchronized TaskWorker worker(String task) throws IOException {
        TaskWorker worker = workers.get(task);
        if (worker == null) {
            PartitionSource.Reader reader = TaskNames.stageOf(task) == 0
                    ? source.openReader(TaskNames.partitionOf(task)) : null;
            worker = new TaskWorker(task, job, checkpoint, env, reader, output, settings);
            workers.put(task, worker);
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
