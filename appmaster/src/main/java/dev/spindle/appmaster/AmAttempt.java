package dev.spindle.appmaster;

import dev.spindle.runtime.EngineOptions;
import dev.spindle.runtime.JobSpec;
import dev.spindle.runtime.coordination.JobZnodes;
import dev.spindle.runtime.coordination.Zk;
import dev.spindle.runtime.coordination.ZkMessages;
import dev.spindle.state.StateOptions;
import java.time.Clock;
import org.apache.curator.framework.CuratorFramework;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one attempt of the ApplicationMaster holds, started in order by {@link #start}: its
 * loop ({@link AmLoop}), the tracking server, the ResourceManager registration, the executor pool,
 * ZooKeeper, leadership.
 * {@link #finish} stops what was started, in reverse, whenever start stopped, so an attempt that
 * fails half way through starting can still unregister with its reason.
 */
final class AmAttempt {
    private static final Logger LOG = LoggerFactory.getLogger(AmAttempt.class);

    private final JobSpec spec;
    private final Configuration conf;
    private final ApplicationAttemptId attempt;
    private final AttemptTimeline timeline;
    private final YarnCallbacks callbacks;
    private final JobZnodes znodes;
    private final AmLoop loop = new AmLoop();
    private final JobView view;
    private TrackingServer tracking;
    private AMRMClientAsync<ContainerRequest> resourceManager;
    private NMClientAsync nodeManager;
    private ExecutorPool pool;
    private CuratorFramework zk;
    private Leadership leadership;

    AmAttempt(JobSpec spec, ApplicationAttemptId attempt, Thread mainThread) {
        this.spec = spec;
        this.attempt = attempt;
        this.conf = new YarnConfiguration();
        spec.settings().forEach(conf::set);
        this.timeline = new AttemptTimeline(attempt.toString(), Clock.systemUTC());
        this.callbacks = new YarnCallbacks(mainThread);
        this.znodes = new JobZnodes(spec.zooKeeperRoot(), spec.jobName());
        this.view = new JobView(spec.jobName(), spec.trigger(), attempt.getAttemptId(), timeline);
    }

    /** Registers, starts the pool, waits to lead (a standby waits here), takes an epoch, wants the executors. */
    void start() throws Exception {
        String host = System.getenv().getOrDefault("NM_HOST", "localhost");
        tracking = TrackingServer.start(host, view, conf);
        JmxMetrics.register(view.jobMetrics().registry());
        callbacks.progress(view::progress);
        resourceManager = AMRMClientAsync.createAMRMClientAsync(500, callbacks);
        resourceManager.init(conf);
        resourceManager.start();
        var registration = resourceManager.registerApplicationMaster(host, tracking.port(), tracking.url());
        timeline.reached(AttemptTimeline.Step.REGISTERED);
        nodeManager = NMClientAsync.createNMClientAsync(callbacks);
        nodeManager.init(conf);
        nodeManager.start();
        int heapMb = AppMasterOptions.EXECUTOR_MEMORY_MB.read(conf::get);
        int containerMb = Math.min(AppMasterOptions.executorContainerMb(heapMb,
                StateOptions.STATE_MEMORY_BYTES.read(conf::get)), registration.getMaximumResourceCapability().getMemory());
        Resource size = Resource.newInstance(containerMb, AppMasterOptions.EXECUTOR_VCORES.read(conf::get));
        // A test's crash point goes to the first executor of the first attempt only: one process stops there.
        ExecutorLaunch launch = new ExecutorLaunch(conf, heapMb, attempt.getAttemptId() == 1 ? 1 : 0);
        pool = new ExecutorPool(loop, resourceManager, nodeManager, size,
                AppMasterOptions.EXECUTOR_NODE_LABEL.read(conf::get), launch::context,
                AppMasterOptions.MAX_EXECUTOR_FAILURES.read(conf::get));
        callbacks.bind(pool);
        view.watch(pool);
        pool.adopt(registration.getContainersFromPreviousAttempts());
        zk = Zk.connect(spec.zooKeeperConnect(), conf::get, znodes.base());
        leadership = new Leadership(zk, znodes, attempt.toString(),
                dev.spindle.runtime.coordination.CoordinationOptions.ZOOKEEPER_SESSION_TIMEOUT.read(conf::get));
        view.status("STANDBY", 0);
        long epoch = leadership.acquire();
        timeline.reached(AttemptTimeline.Step.LEADING);
        writeRunStatus(ZkMessages.RunStatus.RUNNING);
        view.status("RUNNING", epoch);
        pool.ensure(EngineOptions.EXECUTORS.read(conf::get));
    }

    JobSpec spec() {
        return spec;
    }

    Configuration conf() {
        return conf;
    }

    CuratorFramework zk() {
        return zk;
    }

    JobZnodes znodes() {
        return znodes;
    }

    Leadership leadership() {
        return leadership;
    }

    ExecutorPool pool() {
        return pool;
    }

    JobView view() {
        return view;
    }

    AttemptTimeline timeline() {
        return timeline;
    }

    AmLoop loop() {
        return loop;
    }

    YarnCallbacks callbacks() {
        return callbacks;
    }

    /** Whether this attempt registered with the ResourceManager (only then can it unregister). */
    boolean isRegistered() {
        return timeline.hasReached(AttemptTimeline.Step.REGISTERED);
    }

    boolean isLastAttempt() {
        // YARN caps an application's attempts at the ResourceManager's maximum.
        int attempts = Math.min(AppMasterOptions.AM_ATTEMPTS.read(conf::get),
                conf.getInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, YarnConfiguration.DEFAULT_RM_AM_MAX_ATTEMPTS));
        return attempt.getAttemptId() >= attempts;
    }

    /**
     * Calls {@code stop} once {@code spindle stop} asked for a graceful stop: it creates the
     * {@code stop} znode naming this application (the AM offers no other way in), and its
     * existence, now or later, stops the run (a request made before an AM restart still counts). A
     * stop znode of another application is a leftover of a submission that ended before it could
     * serve it; it is removed, not obeyed.
     */
    void onStopRequest(Runnable stop) throws Exception {
        Watcher rearm = new Watcher() {
            @Override
            public void process(WatchedEvent event) {
                Watcher self = this;
                loop.execute(() -> {
                    try {
                        watchStop(self, stop);
                    } catch (Exception e) {
                        LOG.warn("Could not watch {}: {}", znodes.stop(), e.getMessage());
                    }
                });
            }
        };
        loop.call(() -> {
            watchStop(rearm, stop);
            return null;
        }).get();
    }

    private ZkMessages.StopRequest stopRequest() {
        return new ZkMessages.StopRequest(attempt.getApplicationId().toString());
    }

    private void watchStop(Watcher watcher, Runnable stop) throws Exception {
        if (zk.checkExists().usingWatcher(watcher).forPath(znodes.stop()) == null) {
            return;
        }
        ZkMessages.StopRequest request;
        try {
            request = ZkMessages.fromBytes(zk.getData().forPath(znodes.stop()), ZkMessages.StopRequest.class, znodes.stop());
        } catch (KeeperException.NoNodeException e) {
            return;
        }
        if (request.equals(stopRequest())) {
            LOG.info("Stop requested: stopping after the current batch");
            stop.run();
        } else {
            LOG.warn("Removing a stop request left by another application: {}", request);
            zk.delete().quietly().forPath(znodes.stop());
        }
    }

    private void writeRunStatus(String status) throws Exception {
        leadership.writeFenced(znodes.run(), ZkMessages.toBytes(new ZkMessages.RunStatus(status, leadership.epoch())));
    }

    /**
     * Ends the application: the run marked over in ZooKeeper (if this attempt leads), the executors
     * stopped, the staging directory deleted, unregistered with the final diagnostics. Works from
     * whatever {@link #start} got to; each step that fails is logged and the next one still runs.
     */
    void finish(FinalApplicationStatus status, String diagnostics) {
        Thread.interrupted(); // a callback may have interrupted this thread to end the attempt: finish anyway
        view.status(status.toString(), leadership == null ? 0 : leadership.epoch());
        if (leadership != null && leadership.isLeader()) {
            step("record the end of the run in ZooKeeper", () -> writeRunStatus(
                    status == FinalApplicationStatus.SUCCEEDED ? ZkMessages.RunStatus.FINISHED : ZkMessages.RunStatus.FAILED));
            if (status == FinalApplicationStatus.SUCCEEDED) {
                step("remove the served stop request", () -> zk.delete().quietly().forPath(znodes.stop()));
            }
        }
        if (pool != null) {
            step("stop the executors", pool::stopAll);
        }
        String staging = System.getenv(ExecutorLaunch.STAGING_DIR_ENV);
        if (staging != null) {
            step("delete the staging directory " + staging, () -> {
                org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(staging);
                FileSystem fs = dir.getFileSystem(conf);
                fs.delete(dir, true);
            });
        }
        if (isRegistered()) {
            // No final tracking URL: the tracking server is about to stop, and without one the RM's
            // proxy sends the application's link to the RM's own page of the application.
            step("unregister from the ResourceManager", () -> resourceManager.unregisterApplicationMaster(status,
                    diagnostics, ""));
        }
        close();
    }

    /** Stops what {@link #start} started, without unregistering: the next attempt goes on from here. */
    void close() {
        if (nodeManager != null) {
            step("stop the NodeManager client", nodeManager::stop);
        }
        if (resourceManager != null) {
            step("stop the ResourceManager client", resourceManager::stop);
        }
        if (leadership != null) {
            step("leave the leader latch", leadership::close);
        }
        if (zk != null) {
            step("close ZooKeeper", zk::close);
        }
        if (tracking != null) {
            step("stop the tracking server", tracking::close);
        }
        step("stop publishing metrics over JMX", JmxMetrics::unregister);
        loop.close();
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(String what, Step step) {
        try {
            step.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while trying to {}", what);
        } catch (Exception e) {
            LOG.warn("Could not {}: {}", what, e.toString());
        }
    }
}
