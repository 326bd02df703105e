package dev.spindle.runtime.driver;

import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.task.TaskReport;
import dev.spindle.state.log.BatchCommit;
import java.io.IOException;
import java.util.Map;

/**
 * How the batch driver reaches the tasks: threads in local mode, containers coordinated through
 * ZooKeeper on YARN. The driver is the same either way. Call order: {@link #claimEpoch} once at
 * start; then per batch {@link #execute} and, after the commit is written, {@link #committed}.
 * Each task restores its state in its first attempt, falling back past damaged checkpoint files
 * on its own ({@link dev.spindle.runtime.task.TaskWorker}).
 */
public interface BatchExecutors extends AutoCloseable {
    /**
     * The epoch of this run, at least {@code fromLogs} (one more than any epoch in the checkpoint's
     * logs). Executors coordinated elsewhere (ZooKeeper) may hold a higher epoch already; whatever
     * is returned is the one epoch of every plan, attempt id, assignment and commit of the run.
     */
    default long claimEpoch(long fromLogs) throws IOException, InterruptedException {
        return fromLogs;
    }

    /** Runs one attempt of every task of {@code plan}; one accepted report per task. */
    Map<String, TaskReport> execute(PlannedBatch plan, long epoch) throws IOException, InterruptedException;

    /** {@code commits/<b>} is written: tasks apply their accepted state and snapshot when due. */
    void committed(BatchCommit commit) throws IOException, InterruptedException;

    @Override
    void close();
}
