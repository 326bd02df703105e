package dev.spindle.runtime.driver;

import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.task.TaskReport;
import dev.spindle.state.log.BatchCommit;
import java.io.IOException;
import java.util.Map;

/**
 * How the batch driver reaches the tasks: threads in local mode, containers coordinated through
 * ZooKeeper on YARN. The driver is the same either way. Call order: {@link #claimEpoch} and
 * {@link #recover} once at start; then per batch {@link #execute} and, after the commit is
 * written, {@link #committed}.
 */
public interface BatchExecutors extends AutoCloseable {
    /**
     * The epoch of this run, at least {@code fromLogs} (one more than any epoch in the checkpoint's
     * logs). Executors coordinated elsewhere (ZooKeeper) may hold a higher epoch already; whatever
     * is returned is the one epoch of every plan, attempt id, assignment and commit of the run.
     */
    default long claimEpoch(long fromLogs) throws IOException {
        return fromLogs;
    }

    /**
     * Restores the state of each of the {@code partitions} tasks as of {@code batch} (-1: empty).
     *
     * @return the batch all tasks are at: {@code batch}, or an older one when checkpoint files were
     *     damaged (the driver then re-executes the batches after it, state only)
     */
    long recover(long batch, int partitions) throws IOException, InterruptedException;

    /** Runs one attempt of every task of {@code plan}; one accepted report per task. */
    Map<String, TaskReport> execute(PlannedBatch plan, long epoch) throws IOException, InterruptedException;

    /** Re-executes a committed batch without writing anything, and moves every task's state to it. */
    void replay(PlannedBatch plan, long epoch) throws IOException, InterruptedException;

    /** {@code commits/<b>} is written: tasks apply their accepted state and snapshot when due. */
    void committed(BatchCommit commit) throws IOException, InterruptedException;

    /** Each of the {@code partitions} tasks snapshots its state now and waits for the upload (after a fallback). */
    void snapshotNow(long epoch, int partitions) throws IOException, InterruptedException;

    @Override
    void close();
}
