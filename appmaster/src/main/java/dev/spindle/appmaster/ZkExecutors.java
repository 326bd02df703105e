package dev.spindle.appmaster;

import dev.spindle.runtime.coordination.Assignment;
import dev.spindle.runtime.coordination.ExecutorStats;
import dev.spindle.runtime.coordination.JobZnodes;
import dev.spindle.runtime.coordination.ZkMessages;
import dev.spindle.runtime.driver.BatchExecutors;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.task.TaskReport;
import dev.spindle.runtime.plan.TaskNames;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.FileRef;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch driver's executors on YARN: tasks reach executor containers through ZooKeeper. Per
 * batch the leader writes {@code batches/<b>/plan} (which executor runs which attempt of every
 * task), waits for exactly one report of the assigned attempt per task, and reassigns — with a new
 * attempt id — only the tasks whose executor died or whose attempt timed out. Every write is a
 * {@code multi} that checks the epoch znode's version, so a deposed leader's writes fail whole.
 * Tasks stay on their executor (warm state) while it lives ({@link Placement}).
 *
 * <p>The batch in flight lives on the AM's loop ({@link AmLoop}): the driver's thread hands it
 * over and waits for its reports; the loop advances it on every tick (100 ms) and on ZooKeeper's
 * watches of reports and executors, so placements, reassignments and the pool's container
 * events are decided on one thread.
 */
final class ZkExecutors implements BatchExecutors {
    private static final Logger LOG = LoggerFactory.getLogger(ZkExecutors.class);
    private static final Duration NO_EXECUTOR_LIMIT = Duration.ofMinutes(5);
    /** How long a new leader's first batch waits for all wanted executors before it starts with fewer. */
    private static final Duration REGISTRATION_WAIT = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofMillis(100);
    private static final int KEPT_FAILURES = 20;

    private final AmLoop loop;
    private final JobZnodes znodes;
    private final ExecutorZnodes executorZnodes;
    private final Leadership leadership;
    private final ExecutorPool pool;
    private final Duration taskTimeout;
    private final Clock clock;
    private final Runnable onExecutorsReady;
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    // owned by the loop
    private final Placement placement = new Placement();
    private long attempts;
    private boolean firstPlan = true;
    private BatchInFlight inFlight;
    private volatile double batchDone;
    /** The batch the driver waits for, or -1 between batches; read by the tracking page. */
    private volatile long batchInFlight = -1;
    private final AtomicLong reassignedAttempts = new AtomicLong();
    /** The last {@value #KEPT_FAILURES} attempts given up, newest first. */
    private volatile List<FailedAttempt> recentFailures = List.of();
    private volatile Consumer<ExecutorStats> onExecutorStats = stats -> {};

    /** One batch on the executors, from its placement to its last report. */
    private static final class BatchInFlight {
        final PlannedBatch plan;
        final long epoch;
        final long startedAt;
        final CompletableFuture<Map<String, TaskReport>> reports = new CompletableFuture<>();
        final SortedMap<String, Assignment.Attempt> assigned = new TreeMap<>();
        final SortedMap<Integer, List<FileRef>> upstream = new TreeMap<>();
        /** The stage whose tasks run now: assigned are its tasks and those of every stage before. */
        int stage;
        final Map<String, Long> assignedAt = new HashMap<>();
        final Map<String, TaskReport> received = new TreeMap<>();
        long noExecutorSince = -1;

        BatchInFlight(PlannedBatch plan, long epoch, long startedAt) {
            this.plan = plan;
            this.epoch = epoch;
            this.startedAt = startedAt;
        }
    }

    /**
     * @param startTimeout how long a container may run before its executor first announces itself
     * @param onExecutorsReady called once the first batch has its executors (the wait for them is over)
     */
    ZkExecutors(AmLoop loop, CuratorFramework zk, JobZnodes znodes, Leadership leadership, ExecutorPool pool,
            Duration taskTimeout, Duration startTimeout, Clock clock, Runnable onExecutorsReady) {
        this.loop = loop;
        this.znodes = znodes;
        this.executorZnodes = new ExecutorZnodes(zk, znodes);
        this.leadership = leadership;
        this.pool = pool;
        this.taskTimeout = taskTimeout;
        this.clock = clock;
        this.onExecutorsReady = onExecutorsReady;
        new ExecutorSweeper(loop, executorZnodes, leadership, pool, taskTimeout, startTimeout, clock);
        loop.every(TICK, this::advance);
    }

    /** The leader's ZooKeeper epoch, raised past the checkpoint's logs when they are ahead. */
    @Override
    public long claimEpoch(long fromLogs) throws IOException, InterruptedException {
        return await(loop.call(() -> {
            try {
                return leadership.raiseTo(fromLogs);
            } catch (KeeperException.BadVersionException e) {
                throw new LeadershipLostException("another ApplicationMaster took the epoch of job " + znodes.job());
            } catch (Exception e) {
                throw new IOException("cannot raise the epoch of job " + znodes.job() + ": " + e.getMessage(), e);
            }
        }));
    }

    @Override
    public Map<String, TaskReport> execute(PlannedBatch plan, long epoch) throws IOException, InterruptedException {
        BatchInFlight batch = new BatchInFlight(plan, epoch, clock.millis());
        loop.execute(() -> {
            inFlight = batch;
            batchInFlight = plan.batch();
            advance();
        });
        return await(batch.reports);
    }

    @Override
    public void committed(BatchCommit commit) throws IOException, InterruptedException {
        await(loop.call(() -> {
            leadership.writeFenced(znodes.commit(commit.batch()),
                    ZkMessages.toBytes(new ZkMessages.CommitNotice(commit.epoch())));
            executorZnodes.deleteBatchesBefore(commit.batch() - 1);
            return null;
        }));
    }

    /** A task attempt the leader gave up and ran again as a new attempt, and why. */
    record FailedAttempt(long batch, String task, String attempt, String executor, String reason, long atMillis) {}

    /** Task attempts given up and run again as new attempts (their executor died, or they were late). */
    long reassignedAttempts() {
        return reassignedAttempts.get();
    }

    /** The batch whose tasks run now, or -1 between batches. */
    long batchInFlight() {
        return batchInFlight;
    }

    /** The last attempts given up, newest first. */
    List<FailedAttempt> recentFailures() {
        return recentFailures;
    }

    /** Where the figures each report carries of its executor go (read on the AM's loop). */
    void onExecutorStats(Consumer<ExecutorStats> sink) {
        this.onExecutorStats = sink;
    }

    /** The fraction of the batch in flight's tasks (all stages) that have their accepted report. */
    double batchDone() {
        return batchDone;
    }

    /** The driver's thread waits here for the loop; the loop's failure is thrown as it was. */
    private static <T> T await(CompletableFuture<T> result) throws IOException, InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause().toString(), e.getCause());
        }
    }

    /** A watch fired: advance the batch soon (one pending advance at a time). */
    private void requestTick() {
        if (tickQueued.compareAndSet(false, true)) {
            loop.execute(() -> {
                tickQueued.set(false);
                advance();
            });
        }
    }

    /**
     * On the loop: moves the batch in flight on as far as it can go now — places it once enough
     * executors are live, collects reports, reassigns the tasks of dead executors and late attempts —
     * and hands its reports to the driver when every task has one. A failure ends the batch.
     */
    private void advance() {
        BatchInFlight batch = inFlight;
        if (batch == null) {
            return;
        }
        try {
            if (!stillLeading()) {
                return; // the ZooKeeper connection is suspended: nothing is decided until it is back
            }
            if (batch.assigned.isEmpty() && !place(batch)) {
                return;
            }
            boolean stageDone = collectAndReassign(batch);
            batchDone = (double) batch.received.size() / batch.plan.tasks().size();
            if (!stageDone) {
                return;
            }
            if (batch.stage + 1 < batch.plan.stageCount()) {
                startNextStage(batch);
                return;
            }
            inFlight = null;
            batchInFlight = -1;
            batch.reports.complete(batch.received);
        } catch (Exception e) {
            inFlight = null;
            batchInFlight = -1;
            batch.reports.completeExceptionally(e);
        }
    }

    /** False while the connection is suspended; throws once leadership or the pool is gone. */
    private boolean stillLeading() throws IOException {
        String notLeading = leadership.notLeadingReason();
        if (notLeading != null) {
            throw new LeadershipLostException(notLeading);
        }
        if (pool.failure().isPresent()) {
            throw new IOException(pool.failure().get());
        }
        return leadership.isLeader();
    }

    /**
     * Places every task once {@code wanted} executors are live (a new leader's first batch waits up
     * to {@link #REGISTRATION_WAIT} for all it wants, later batches for one) and writes the plan.
     *
     * @return false while it waits
     */
    private boolean place(BatchInFlight batch) throws IOException {
        Map<String, Map<String, Long>> executors = liveExecutors();
        long waited = clock.millis() - batch.startedAt;
        int wanted = firstPlan ? pool.wanted() : 1;
        if (executors.size() < wanted && (executors.isEmpty() || waited <= REGISTRATION_WAIT.toMillis())) {
            if (waited > NO_EXECUTOR_LIMIT.toMillis()) {
                throw new IOException("no executor joined within " + NO_EXECUTOR_LIMIT.toMinutes() + " min"
                        + pool.failure().map(f -> ": " + f).orElse(""));
            }
            return false;
        }
        if (firstPlan) {
            onExecutorsReady.run();
            firstPlan = false;
        }
        assignStage(batch, 0, executors);
        return true;
    }

    /**
     * Every task of the current stage has its accepted report: assigns the next stage's tasks,
     * naming the shuffle files of exactly those attempts for them to read (the barrier).
     */
    private void startNextStage(BatchInFlight batch) throws IOException {
        int next = batch.stage + 1;
        batch.upstream.put(next, batch.plan.upstreamFiles(next, task -> batch.received.get(task).shuffle()));
        Map<String, Map<String, Long>> executors = liveExecutors();
        if (executors.isEmpty()) {
            return; // the pool is replacing them: the next tick tries again
        }
        batch.stage = next;
        assignStage(batch, next, executors);
    }

    private void assignStage(BatchInFlight batch, int stage, Map<String, Map<String, Long>> executors)
            throws IOException {
        for (String task : batch.plan.tasks(stage)) {
            batch.assigned.put(task, newAttempt(task, batch, executors, null));
            batch.assignedAt.put(task, clock.millis());
        }
        writePlan(batch);
    }

    /**
     * Reads the reports of the assigned attempts and reassigns, with new attempt ids, the tasks whose
     * executor died or whose attempt did not report within {@code spindle.task.timeout}.
     *
     * @return true when every task has its report
     */
    private boolean collectAndReassign(BatchInFlight batch) throws IOException {
        long number = batch.plan.batch();
        boolean reassigned = false;
        for (var task : batch.assigned.entrySet()) {
            if (batch.received.containsKey(task.getKey())) {
                continue;
            }
            ExecutorZnodes.Reported reported = executorZnodes.report(number, task.getKey(), task.getValue().attempt(),
                    event -> requestTick());
            if (reported != null) {
                batch.received.put(task.getKey(), reported.report());
                onExecutorStats.accept(reported.executor());
                pool.executorWorked();
                continue;
            }
            boolean dead = !alive(task.getValue().executor());
            boolean late = clock.millis() - batch.assignedAt.get(task.getKey()) > taskTimeout.toMillis();
            if (!dead && !late) {
                continue;
            }
            Map<String, Map<String, Long>> executors = liveExecutors();
            if (executors.isEmpty()) {
                batch.noExecutorSince = batch.noExecutorSince < 0 ? clock.millis() : batch.noExecutorSince;
                if (clock.millis() - batch.noExecutorSince > NO_EXECUTOR_LIMIT.toMillis()) {
                    throw new IOException("no live executor for " + NO_EXECUTOR_LIMIT.toMinutes() + " min"
                            + pool.failure().map(f -> ": " + f).orElse(""));
                }
                continue; // the pool is replacing them: try again at the next tick
            }
            batch.noExecutorSince = -1;
            if (!dead) {
                // A live executor whose attempt hangs cannot be trusted with more work (its other
                // tasks wait behind the hung one): YARN stops it, and the pool starts a replacement.
                pool.stop(task.getValue().executor(), "attempt " + task.getValue().attempt() + " of "
                        + task.getKey() + " did not report within " + taskTimeout.toSeconds() + " s");
            }
            Assignment.Attempt replacement = newAttempt(task.getKey(), batch, executors, task.getValue().executor());
            String reason = dead ? "lost its executor" : "did not report within " + taskTimeout.toSeconds() + " s";
            LOG.warn("Batch {}: {} attempt {} on {} {}; reassigned as {} on {}", number, task.getKey(),
                    task.getValue().attempt(), task.getValue().executor(), reason, replacement.attempt(),
                    replacement.executor());
            failed(new FailedAttempt(number, task.getKey(), task.getValue().attempt(), task.getValue().executor(), reason,
                    clock.millis()));
            task.setValue(replacement);
            batch.assignedAt.put(task.getKey(), clock.millis());
            reassigned = true;
        }
        if (reassigned) {
            writePlan(batch);
        }
        return batch.received.size() == batch.assigned.size(); // every task of every stage so far
    }

    private void failed(FailedAttempt attempt) {
        reassignedAttempts.incrementAndGet();
        List<FailedAttempt> failures = new ArrayList<>(KEPT_FAILURES);
        failures.add(attempt);
        recentFailures.stream().limit(KEPT_FAILURES - 1).forEach(failures::add);
        recentFailures = List.copyOf(failures);
    }

    /**
     * A new attempt of {@code task}, on the executor {@link Placement} chooses among the tasks of
     * its stage (stages run one after the other, so each spreads over every executor).
     */
    private Assignment.Attempt newAttempt(String task, BatchInFlight batch, Map<String, Map<String, Long>> executors,
            String avoid) {
        int stage = TaskNames.stageOf(task);
        Map<String, String> placed = new HashMap<>();
        batch.assigned.forEach((other, attempt) -> {
            if (TaskNames.stageOf(other) == stage) {
                placed.put(other, attempt.executor());
            }
        });
        String executor = placement.place(task, executors, placed, batch.plan.tasks(stage).size(), avoid);
        return new Assignment.Attempt(executor, CheckpointLayout.attempt(batch.epoch, attempts++));
    }

    /** Live executors (announced in ZooKeeper and running in YARN), each with the tasks it holds state of. */
    private Map<String, Map<String, Long>> liveExecutors() throws IOException {
        Map<String, Map<String, Long>> executors = new TreeMap<>();
        for (String id : executorZnodes.announced(event -> requestTick())) {
            if (pool.live().contains(id)) {
                executors.put(id, executorZnodes.heldTasks(id));
            }
        }
        return executors;
    }

    /** Whether an executor still takes part: YARN runs its container and its znode exists. */
    private boolean alive(String executor) {
        return pool.live().contains(executor) && executorZnodes.present(executor);
    }

    private void writePlan(BatchInFlight batch) throws IOException {
        Assignment assignment = new Assignment(batch.plan.batch(), batch.epoch, batch.assigned, batch.upstream);
        executorZnodes.prepareReports(assignment.batch());
        leadership.writeFenced(znodes.plan(assignment.batch()), assignment.toBytes());
    }

    @Override
    public void close() {
        // The sweeper and the ticks end with the AM's loop; the executors are YARN's containers,
        // which ExecutorPool stops.
    }
}
