package dev.spindle.runtime.executor;

import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.CrashPoints;
import dev.spindle.runtime.coordination.Assignment;
import dev.spindle.runtime.coordination.ExecutorStats;
import dev.spindle.runtime.coordination.JobZnodes;
import dev.spindle.runtime.coordination.Reports;
import dev.spindle.runtime.coordination.ZkMessages;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.plan.TaskNames;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.source.PartitionSource;
import dev.spindle.runtime.task.TaskSettings;
import dev.spindle.runtime.task.TaskReport;
import dev.spindle.runtime.task.TaskThreads;
import dev.spindle.runtime.task.TaskWorker;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.BatchPlan;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.task.StateEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of an executor process: announces itself ({@code executors/<id>}, ephemeral), then
 * follows the batches in ZooKeeper. For every plan of the current epoch that assigns it an
 * attempt, it runs the attempt with the engine and reports ({@code done/<task>/<attempt>}); a
 * plan of an older epoch is refused. When {@code commit} appears, its tasks apply their state.
 * It exits when the run is over, or when no leader has been there for the orphan timeout.
 * Every change is found by re-listing after a watch fires, and at least every 200 ms.
 */
public final class ExecutorAgent {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorAgent.class);

    private final String id;
    private final CuratorFramework zk;
    private final JobZnodes znodes;
    private final Checkpoint checkpoint;
    private final StreamJob job;
    private final StateEnvironment env;
    private final PartitionSource source;
    private final OutputLocation output;
    private final TaskSettings settings;
    private final Duration orphanTimeout;
    private final Clock clock;
    private final Map<String, TaskWorker> workers = new HashMap<>();
    private final TaskThreads threads = new TaskThreads();
    /**
     * Per batch, what this executor did for it: {@code <task>/<attempt>} for an attempt it ran,
     * {@code commit/<task>} for a commit a task applied. Batches older than the oldest batch znode
     * are forgotten: the leader deletes those znodes, so no plan of them comes back.
     */
    private final NavigableMap<Long, Set<String>> done = new TreeMap<>();
    private final Semaphore changed = new Semaphore(0);
    /** Plans of a deposed leader this executor refused, each counted once (reported with its figures). */
    private final AtomicLong stalePlansRefused = new AtomicLong();
    /** One watcher object for every watch: ZooKeeper keeps it once per path however often it is set. */
    private final org.apache.zookeeper.Watcher wake = event -> changed.release();

    public ExecutorAgent(String id, CuratorFramework zk, JobZnodes znodes, Checkpoint checkpoint, StreamJob job,
            StateEnvironment env, PartitionSource source, OutputLocation output, Duration orphanTimeout,
            TaskSettings settings) {
        this.id = id;
        this.zk = zk;
        this.znodes = znodes;
        this.checkpoint = checkpoint;
        this.job = job;
        this.env = env;
        this.source = source;
        this.output = output;
        this.settings = settings;
        this.orphanTimeout = orphanTimeout;
        this.clock = Clock.systemUTC();
    }

    /** Runs until the application is over; returns the reason it stopped. */
    public String run() throws Exception {
        AtomicBoolean sessionLost = new AtomicBoolean();
        zk.getConnectionStateListenable().addListener((client, state) -> {
            if (state == ConnectionState.LOST) {
                sessionLost.set(true);
                changed.release();
            }
        });
        zk.create().orSetData().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                .forPath(znodes.executor(id), announcement());
        LOG.info("Executor {} attached to {}", id, znodes.base());
        long leaderlessSince = -1;
        while (true) {
            if (sessionLost.get()) {
                // Its znode is gone and its tasks moved: it must not come back as a second copy of itself.
                throw new IOException("executor " + id + " lost its ZooKeeper session; its tasks moved elsewhere");
            }
            Optional<String> over = runStatus();
            if (over.isPresent()) {
                return over.get();
            }
            long epoch = currentEpoch();
            List<Long> batches = batches();
            for (long batch : batches) {
                follow(batch, epoch);
            }
            if (!batches.isEmpty()) {
                done.headMap(batches.get(0)).clear();
            }
            if (hasLeader()) {
                leaderlessSince = -1;
            } else if (leaderlessSince < 0) {
                leaderlessSince = clock.millis();
                LOG.warn("Executor {}: no ApplicationMaster leads; waiting up to {} for one", id, orphanTimeout);
            } else if (clock.millis() - leaderlessSince > orphanTimeout.toMillis()) {
                return "no ApplicationMaster for " + orphanTimeout;
            }
            changed.tryAcquire(200, TimeUnit.MILLISECONDS);
            changed.drainPermits();
        }
    }

    /** Runs this executor's attempts of one batch (when the plan is current) and applies its commit. */
    private void follow(long batch, long epoch) throws Exception {
        byte[] planBytes = planData(batch);
        if (planBytes == null) {
            return;
        }
        Assignment assignment = Assignment.fromBytes(planBytes);
        if (assignment.epoch() < epoch) {
            if (firstTime(batch, "stale-plan/" + assignment.epoch())) {
                stalePlansRefused.incrementAndGet();
                LOG.warn("Executor {}: refused the plan of batch {} from epoch {}: epoch {} leads", id, batch,
                        assignment.epoch(), epoch);
            }
            return; // written by a deposed leader: refused
        }
        List<Future<?>> running = new ArrayList<>();
        for (var task : assignment.tasks().entrySet()) {
            Assignment.Attempt attempt = task.getValue();
            if (!attempt.executor().equals(id) || !firstTime(batch, task.getKey() + "/" + attempt.attempt())) {
                continue;
            }
            running.add(threads.of(task.getKey()).submit(() -> {
                runAttempt(batch, task.getKey(), attempt.attempt(), assignment);
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        if (zk.checkExists().forPath(znodes.commit(batch)) != null) {
            applyCommit(batch);
        }
    }

    private void runAttempt(long batch, String task, String attempt, Assignment assignment) throws Exception {
        long epoch = assignment.epoch();
        BatchPlan stored = checkpoint.offsets().get(batch).orElseThrow(
                () -> new IOException("offsets/" + batch + " is missing"));
        PlannedBatch plan = PlannedBatch.fromJson(batch, stored.planJson());
        TaskReport report = worker(task).run(plan, attempt, assignment.upstreamOf(TaskNames.stageOf(task)));
        try {
            zk.create().creatingParentsIfNeeded().forPath(znodes.done(batch, task, attempt), Reports.toBytes(report, epoch,
                    ExecutorStats.sample(id, stalePlansRefused.get())));
        } catch (KeeperException.NodeExistsException e) {
            // reported before (a retry of this loop): the first report stands
        }
        CrashPoints.reached(CrashPoints.AFTER_REPORT, batch);
        LOG.info("Executor {}: {} attempt {} of batch {} reported", id, task, attempt, batch);
    }

    /**
     * Applies {@code commits/<batch>} in every task this executor holds: a task whose committed
     * attempt ran here moves its state to it; a task whose committed attempt ran elsewhere has moved
     * away, and its worker is closed (its RocksDB, its indexes and their share of the executor's
     * index memory freed; should the task come back, it restores from the checkpoint).
     */
    private void applyCommit(long batch) throws Exception {
        BatchCommit commit = null;
        List<Future<?>> applying = new ArrayList<>();
        List<String> movedAway = new ArrayList<>();
        for (var worker : workers.entrySet()) {
            if (!firstTime(batch, "commit/" + worker.getKey())) {
                continue;
            }
            if (commit == null) {
                commit = checkpoint.commits().get(batch).orElseThrow(() -> new IOException("commits/" + batch + " is missing"));
            }
            BatchCommit committed = commit;
            TaskCommit accepted = committed.tasks().get(worker.getKey());
            if (accepted != null && !done.get(batch).contains(worker.getKey() + "/" + accepted.attempt())) {
                movedAway.add(worker.getKey());
                applying.add(threads.of(worker.getKey()).submit(() -> {
                    worker.getValue().close();
                    return null;
                }));
                continue;
            }
            applying.add(threads.of(worker.getKey()).submit(() -> {
                worker.getValue().committed(committed);
                return null;
            }));
        }
        for (Future<?> future : applying) {
            future.get();
        }
        if (!movedAway.isEmpty()) {
            synchronized (workers) {
                workers.keySet().removeAll(movedAway);
            }
            LOG.info("Executor {}: tasks {} moved to other executors; closed their state here", id, movedAway);
        }
        if (!applying.isEmpty()) {
            zk.setData().forPath(znodes.executor(id), announcement());
        }
    }

    /** True the first time {@code what} is done for {@code batch} on this executor. */
    private boolean firstTime(long batch, String what) {
        return done.computeIfAbsent(batch, b -> new HashSet<>()).add(what);
    }

    private TaskWorker worker(String task) throws IOException {
        synchronized (workers) {
            TaskWorker worker = workers.get(task);
            if (worker == null) {
                PartitionSource.Reader reader = TaskNames.stageOf(task) == 0
                        ? source.openReader(TaskNames.partitionOf(task)) : null;
                worker = new TaskWorker(task, job, checkpoint, env, reader, output, settings);
                workers.put(task, worker);
            }
            return worker;
        }
    }

    /** The executor's znode: where it runs, and the committed state its tasks hold (for stickiness). */
    private byte[] announcement() {
        Map<String, TaskWorker> held;
        synchronized (workers) {
            held = new TreeMap<>(workers);
        }
        // The committed state each task is at here: a new AM places tasks where their state is newest.
        SortedMap<String, Long> state = new TreeMap<>();
        held.forEach((name, worker) -> worker.committedBatch().ifPresent(batch -> state.put(name, batch)));
        return ZkMessages.toBytes(new ZkMessages.ExecutorAnnouncement(System.getenv().getOrDefault("NM_HOST", "localhost"),
                ProcessHandle.current().pid(), List.copyOf(held.keySet()), state));
    }

    private List<Long> batches() throws Exception {
        List<Long> batches = new ArrayList<>();
        try {
            for (String child : zk.getChildren().usingWatcher((org.apache.zookeeper.Watcher) event -> changed.release())
                    .forPath(znodes.batches())) {
                batches.add(Long.parseLong(child));
            }
        } catch (KeeperException.NoNodeException e) {
            zk.checkExists().usingWatcher((org.apache.zookeeper.Watcher) event -> changed.release()).forPath(znodes.batches());
        }
        batches.sort(null);
        return batches;
    }

    private long currentEpoch() throws Exception {
        byte[] epoch = data(znodes.epoch());
        return epoch == null ? 0 : Long.parseLong(new String(epoch, StandardCharsets.UTF_8));
    }

    /** The plan's data, watched: the leader rewrites it to add a stage's tasks or to reassign. */
    private byte[] planData(long batch) throws Exception {
        try {
            return zk.getData().usingWatcher(wake).forPath(znodes.plan(batch));
        } catch (KeeperException.NoNodeException e) {
            return null;
        }
    }

    private Optional<String> runStatus() throws Exception {
        byte[] run = data(znodes.run());
        if (run == null) {
            return Optional.empty();
        }
        ZkMessages.RunStatus status = ZkMessages.fromBytes(run, ZkMessages.RunStatus.class, znodes.run());
        return status.isRunning() ? Optional.empty()
                : Optional.of("the run is over: " + status.status() + " (epoch " + status.epoch() + ")");
    }

    private boolean hasLeader() throws Exception {
        Stat latch = zk.checkExists().forPath(znodes.leader());
        return latch != null && latch.getNumChildren() > 0;
    }

    private byte[] data(String path) throws Exception {
        try {
            return zk.getData().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return null;
        }
    }

    /** Closes the tasks and their threads. */
    public void close() {
        threads.shutdownNow();
        synchronized (workers) {
            workers.values().forEach(TaskWorker::close);
        }
    }
}
