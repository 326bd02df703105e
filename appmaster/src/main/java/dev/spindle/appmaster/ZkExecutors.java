package dev.spindle.appmaster;

import dev.spindle.runtime.coordination.Assignment;
import dev.spindle.runtime.coordination.JobZnodes;
import dev.spindle.runtime.coordination.Reports;
import dev.spindle.runtime.coordination.ZkMessages;
import dev.spindle.runtime.driver.BatchExecutors;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.task.TaskReport;
import dev.spindle.runtime.task.TaskWorker;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.log.BatchCommit;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch driver's executors on YARN: tasks reach executor containers through ZooKeeper. Per
 * batch the leader writes {@code batches/<b>/plan} (which executor runs which attempt of every
 * task), waits for exactly one report of the assigned attempt per task, and reassigns — with a new
 * attempt id — only the tasks whose executor died or whose attempt timed out. Every write is a
 * {@code multi} that checks the epoch znode's version, so a deposed leader's writes fail whole.
 * Tasks stay on their executor (warm state) while it lives.
 */
final class ZkExecutors implements BatchExecutors {
    private static final Logger LOG = LoggerFactory.getLogger(ZkExecutors.class);
    private static final Duration NO_EXECUTOR_LIMIT = Duration.ofMinutes(5);
    /** How long a new leader's first batch waits for all wanted executors before it starts with fewer. */
    private static final Duration REGISTRATION_WAIT = Duration.ofSeconds(30);

    private final CuratorFramework zk;
    private final JobZnodes znodes;
    private final Leadership leadership;
    private final ExecutorPool pool;
    private final Duration taskTimeout;
    private final Clock clock;
    private final Runnable onExecutorsReady;
    private final Placement placement = new Placement();
    private final Semaphore changed = new Semaphore(0);
    private final ExecutorSweeper sweeper;
    private long attempts;
    private boolean firstPlan = true;

    /**
     * @param startTimeout how long a container may run before its executor first announces itself
     * @param onExecutorsReady called once the first batch has its executors (the wait for them is over)
     */
    ZkExecutors(CuratorFramework zk, JobZnodes znodes, Leadership leadership, ExecutorPool pool, Duration taskTimeout,
            Duration startTimeout, Clock clock, Runnable onExecutorsReady) {
        this.zk = zk;
        this.znodes = znodes;
        this.leadership = leadership;
        this.pool = pool;
        this.taskTimeout = taskTimeout;
        this.clock = clock;
        this.onExecutorsReady = onExecutorsReady;
        this.sweeper = new ExecutorSweeper(zk, znodes, leadership, pool, taskTimeout, startTimeout, clock);
    }

    /** The leader's ZooKeeper epoch, raised past the checkpoint's logs when they are ahead. */
    @Override
    public long claimEpoch(long fromLogs) throws IOException {
        try {
            return leadership.raiseTo(fromLogs);
        } catch (KeeperException.BadVersionException e) {
            throw new LeadershipLostException("another ApplicationMaster took the epoch of job " + znodes.job());
        } catch (Exception e) {
            throw new IOException("cannot raise the epoch of job " + znodes.job() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, TaskReport> execute(PlannedBatch plan, long epoch) throws IOException, InterruptedException {
        long batch = plan.batch();
        SortedMap<String, Assignment.Attempt> assigned = new TreeMap<>();
        Map<String, Long> assignedAt = new HashMap<>();
        Map<String, Map<String, Long>> executors = awaitExecutors(firstPlan ? pool.wanted() : 1);
        if (firstPlan) {
            onExecutorsReady.run();
            firstPlan = false;
        }
        for (int p = 0; p < plan.partitionCount(); p++) {
            String task = TaskWorker.taskName(p);
            assigned.put(task, newAttempt(task, epoch, executors, null, assigned, plan.partitionCount()));
            assignedAt.put(task, clock.millis());
        }
        writePlan(new Assignment(batch, epoch, assigned));
        Map<String, TaskReport> reports = new TreeMap<>();
        while (reports.size() < assigned.size()) {
            checkStillLeading();
            boolean reassigned = false;
            for (var task : assigned.entrySet()) {
                if (reports.containsKey(task.getKey())) {
                    continue;
                }
                TaskReport report = report(batch, task.getKey(), task.getValue().attempt());
                if (report != null) {
                    reports.put(task.getKey(), report);
                    pool.executorWorked();
                    continue;
                }
                boolean dead = !alive(task.getValue().executor());
                boolean late = clock.millis() - assignedAt.get(task.getKey()) > taskTimeout.toMillis();
                if (dead || late) {
                    if (!dead) {
                        // A live executor whose attempt hangs cannot be trusted with more work (its other
                        // tasks wait behind the hung one): YARN stops it, and the pool starts a replacement.
                        pool.stop(task.getValue().executor(), "attempt " + task.getValue().attempt() + " of "
                                + task.getKey() + " did not report within " + taskTimeout.toSeconds() + " s");
                    }
                    Map<String, Map<String, Long>> now = awaitExecutors(1);
                    Assignment.Attempt replacement = newAttempt(task.getKey(), epoch, now, task.getValue().executor(),
                            assigned, assigned.size());
                    LOG.warn("Batch {}: {} attempt {} on {} {}; reassigned as {} on {}", batch, task.getKey(),
                            task.getValue().attempt(), task.getValue().executor(), dead ? "lost its executor" : "timed out",
                            replacement.attempt(), replacement.executor());
                    task.setValue(replacement);
                    assignedAt.put(task.getKey(), clock.millis());
                    reassigned = true;
                }
            }
            if (reassigned) {
                writePlan(new Assignment(batch, epoch, assigned));
            }
            if (reports.size() < assigned.size()) {
                changed.tryAcquire(100, TimeUnit.MILLISECONDS);
                changed.drainPermits();
            }
        }
        return reports;
    }

    @Override
    public void committed(BatchCommit commit) throws IOException {
        long batch = commit.batch();
        byte[] data = ZkMessages.toBytes(new ZkMessages.CommitNotice(commit.epoch()));
        try {
            transact(zk.transactionOp().create().forPath(znodes.commit(batch), data));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot write " + znodes.commit(batch) + ": " + e.getMessage(), e);
        }
        for (long old : batchesBefore(batch - 1)) {
            try {
                zk.delete().deletingChildrenIfNeeded().forPath(znodes.batch(old));
            } catch (Exception e) {
                LOG.debug("Could not delete {}: {}", znodes.batch(old), e.getMessage());
            }
        }
    }

    /** A new attempt of {@code task}, on the executor {@link Placement} chooses. */
    private Assignment.Attempt newAttempt(String task, long epoch, Map<String, Map<String, Long>> executors, String avoid,
            Map<String, Assignment.Attempt> batch, int tasks) {
        Map<String, String> placed = new HashMap<>();
        batch.forEach((other, attempt) -> placed.put(other, attempt.executor()));
        String executor = placement.place(task, executors, placed, tasks, avoid);
        return new Assignment.Attempt(executor, CheckpointLayout.attempt(epoch, attempts++));
    }

    /**
     * Live executors (announced in ZooKeeper and running in YARN) with the tasks each holds state
     * of: as soon as {@code wanted} are live, or at least one after {@link #REGISTRATION_WAIT}.
     */
    private Map<String, Map<String, Long>> awaitExecutors(int wanted) throws IOException, InterruptedException {
        long start = clock.millis();
        long deadline = start + NO_EXECUTOR_LIMIT.toMillis();
        while (true) {
            checkStillLeading();
            Map<String, Map<String, Long>> executors = new TreeMap<>();
            try {
                for (String id : zk.getChildren().usingWatcher((org.apache.zookeeper.Watcher) e -> changed.release())
                        .forPath(znodes.executors())) {
                    if (pool.live().contains(id)) {
                        executors.put(id, heldTasks(id));
                    }
                }
            } catch (KeeperException.NoNodeException e) {
                // no executor has announced itself yet
            } catch (Exception e) {
                throw new IOException("cannot list executors in ZooKeeper: " + e.getMessage(), e);
            }
            if (executors.size() >= wanted
                    || (!executors.isEmpty() && clock.millis() - start > REGISTRATION_WAIT.toMillis())) {
                return executors;
            }
            if (clock.millis() > deadline) {
                throw new IOException("no executor joined within " + NO_EXECUTOR_LIMIT.toMinutes() + " min"
                        + pool.failure().map(f -> ": " + f).orElse(""));
            }
            changed.tryAcquire(200, TimeUnit.MILLISECONDS);
        }
    }

    /** The tasks an executor announces it holds state of, each with the batch of that committed state. */
    private Map<String, Long> heldTasks(String executor) {
        String znode = znodes.executor(executor);
        try {
            return ZkMessages.fromBytes(zk.getData().forPath(znode), ZkMessages.ExecutorAnnouncement.class, znode).state();
        } catch (KeeperException.NoNodeException e) {
            return Map.of(); // gone since it was listed
        } catch (Exception e) {
            LOG.warn("Cannot read {}: placing as if it held no state ({})", znode, e.getMessage());
            return Map.of();
        }
    }

    /**
     * Whether an executor still takes part: YARN runs its container and its znode exists. A
     * ZooKeeper error (Curator has retried it already) tells nothing about the executor: it counts
     * as alive until a check can tell, so a connection blip never moves tasks.
     */
    private boolean alive(String executor) {
        if (!pool.live().contains(executor)) {
            return false;
        }
        try {
            return zk.checkExists().forPath(znodes.executor(executor)) != null;
        } catch (Exception e) {
            LOG.warn("Cannot tell whether executor {} is alive ({}); asking again at the next check", executor,
                    e.getMessage());
            return true;
        }
    }

    private TaskReport report(long batch, String task, String attempt) throws IOException {
        try {
            byte[] data = zk.getData().forPath(znodes.done(batch, task, attempt));
            return Reports.fromBytes(data);
        } catch (KeeperException.NoNodeException e) {
            try {
                zk.checkExists().usingWatcher((org.apache.zookeeper.Watcher) event -> changed.release())
                        .forPath(znodes.done(batch, task, attempt));
            } catch (Exception ignored) {
                // the poll finds it
            }
            return null;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot read the report of " + task + " in batch " + batch + ": " + e.getMessage(), e);
        }
    }

    private void writePlan(Assignment assignment) throws IOException {
        String path = znodes.plan(assignment.batch());
        try {
            zk.createContainers(znodes.done(assignment.batch()));
            CuratorOp write = zk.checkExists().forPath(path) == null
                    ? zk.transactionOp().create().forPath(path, assignment.toBytes())
                    : zk.transactionOp().setData().forPath(path, assignment.toBytes());
            transact(write);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code op} in a multi that first checks the epoch znode's version: it fails whole for a deposed leader. */
    private void transact(CuratorOp op) throws IOException {
        try {
            zk.transaction().forOperations(
                    zk.transactionOp().check().withVersion(leadership.epochVersion()).forPath(znodes.epoch()), op);
        } catch (KeeperException.BadVersionException e) {
            throw new LeadershipLostException("another ApplicationMaster took over (the epoch moved past "
                    + leadership.epoch() + ")");
        } catch (KeeperException.NodeExistsException e) {
            // written before (the same leader retrying): fine
        } catch (Exception e) {
            throw new IOException("ZooKeeper write failed: " + e.getMessage(), e);
        }
    }

    private void checkStillLeading() throws IOException, InterruptedException {
        leadership.checkLeading(); // waits out a suspended connection; throws once leadership is gone
        if (pool.failure().isPresent()) {
            throw new IOException(pool.failure().get());
        }
    }

    private List<Long> batchesBefore(long batch) {
        List<Long> old = new ArrayList<>();
        try {
            for (String child : zk.getChildren().forPath(znodes.batches())) {
                long b = Long.parseLong(child);
                if (b < batch) {
                    old.add(b);
                }
            }
        } catch (Exception e) {
            // cleanup is best effort
        }
        return old;
    }

    @Override
    public void close() {
        sweeper.close(); // the executors are YARN's containers: ExecutorPool stops them
    }
}
