package dev.spindle.appmaster;

import dev.spindle.api.Trigger;
import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.CheckpointCompatibility;
import dev.spindle.runtime.CrashPoints;
import dev.spindle.runtime.EngineOptions;
import dev.spindle.runtime.IncompatibleCheckpointException;
import dev.spindle.runtime.JobSpec;
import dev.spindle.runtime.Jobs;
import dev.spindle.runtime.coordination.CoordinationOptions;
import dev.spindle.runtime.coordination.JobZnodes;
import dev.spindle.runtime.coordination.Zk;
import dev.spindle.runtime.driver.BatchDriver;
import dev.spindle.runtime.driver.RunSummary;
import dev.spindle.runtime.plan.InputChangedException;
import dev.spindle.runtime.sink.KafkaSink;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.sink.Publisher;
import dev.spindle.runtime.source.KafkaPartitionSource;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.StateOptions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.curator.framework.CuratorFramework;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerId;
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
 * The Spindle ApplicationMaster: registers with the ResourceManager (tracking URL included),
 * waits to lead the job in ZooKeeper (a second submission waits here as a standby), takes a new
 * epoch, keeps its executor containers running, and runs the same batch driver as local mode with
 * {@link ZkExecutors}. An available-now run ends SUCCEEDED with its summary as the final
 * diagnostics. A run that cannot go on ends FAILED with a one-line reason, on its last attempt or
 * when retrying cannot help; otherwise the process exits and YARN starts the next attempt, which
 * keeps the executors.
 */
public final class ApplicationMasterMain {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationMasterMain.class);

    private ApplicationMasterMain() {}

    public static void main(String[] args) {
        ApplicationAttemptId attempt = ContainerId.fromString(System.getenv("CONTAINER_ID")).getApplicationAttemptId();
        if (attempt.getAttemptId() > 1) {
            CrashPoints.disarm(); // a test's crash point stops the first attempt only
        }
        AmContext context = null;
        try {
            JobSpec spec;
            try (InputStream in = Files.newInputStream(Path.of(JobSpec.FILE_NAME))) {
                spec = JobSpec.read(in);
            }
            context = AmContext.start(spec, attempt);
            RunSummary summary = run(context);
            context.finish(FinalApplicationStatus.SUCCEEDED, summary.toJson());
            System.exit(0);
        } catch (LeadershipLostException e) {
            LOG.error("Stopping: {}", e.getMessage());
            System.exit(1);
        } catch (InputChangedException | IncompatibleCheckpointException | IllegalArgumentException e) {
            fail(context, e.getMessage());
        } catch (Throwable e) {
            LOG.error("ApplicationMaster attempt {} failed", attempt, e);
            if (context != null && context.isLastAttempt()) {
                fail(context, e.getMessage() == null ? e.toString() : e.getMessage());
            }
            System.exit(1);
        }
    }

    private static RunSummary run(AmContext context) throws Exception {
        JobSpec spec = context.spec();
        Configuration conf = context.conf();
        StreamJob job = Jobs.find(spec.jobName()).create();
        try (Checkpoint checkpoint = Checkpoint.open(spec.checkpoint(), conf);
                KafkaPartitionSource source = new KafkaPartitionSource(spec.bootstrapServers(), spec.topic());
                KafkaSink kafka = KafkaSink.forOutput(OutputLocation.under(spec.output()), conf::get,
                        spec.bootstrapServers(), spec.topic(), spec.jobName(),
                        CheckpointCompatibility.check(checkpoint, job).jobId())) {
            ZkExecutors executors = new ZkExecutors(context.zk(), context.znodes(), context.leadership(), context.pool(),
                    CoordinationOptions.TASK_TIMEOUT.read(conf::get),
                    CoordinationOptions.EXECUTOR_START_TIMEOUT.read(conf::get), Clock.systemUTC(),
                    () -> context.timeline().reached(AttemptTimeline.Step.EXECUTORS_READY));
            BatchDriver driver = new BatchDriver(job, checkpoint, source, executors, new Publisher(checkpoint, conf, kafka),
                    BatchDriver.RunSettings.read(Trigger.parse(spec.trigger()), spec.topic(), conf::get),
                    Clock.systemUTC(), context.tracking());
            context.onStopRequest(driver::stop);
            return driver.run();
        }
    }

    private static void fail(AmContext context, String reason) {
        LOG.error("The job fails: {}", reason);
        if (context != null) {
            try {
                context.finish(FinalApplicationStatus.FAILED, reason);
            } catch (Exception e) {
                LOG.error("Could not unregister", e);
            }
        }
        System.exit(2);
    }

    /** Everything an attempt of the ApplicationMaster holds, started in order and stopped in reverse. */
    static final class AmContext {
        private final JobSpec spec;
        private final Configuration conf;
        private final ApplicationAttemptId attempt;
        private final AttemptTimeline timeline;
        private final TrackingServer tracking;
        private final AMRMClientAsync<ContainerRequest> resourceManager;
        private final NMClientAsync nodeManager;
        private final ExecutorPool pool;
        private final CuratorFramework zk;
        private final JobZnodes znodes;
        private final Leadership leadership;

        private AmContext(JobSpec spec, Configuration conf, ApplicationAttemptId attempt, AttemptTimeline timeline,
                TrackingServer tracking, AMRMClientAsync<ContainerRequest> resourceManager, NMClientAsync nodeManager,
                ExecutorPool pool, CuratorFramework zk, JobZnodes znodes, Leadership leadership) {
            this.spec = spec;
            this.conf = conf;
            this.attempt = attempt;
            this.timeline = timeline;
            this.tracking = tracking;
            this.resourceManager = resourceManager;
            this.nodeManager = nodeManager;
            this.pool = pool;
            this.zk = zk;
            this.znodes = znodes;
            this.leadership = leadership;
        }

        static AmContext start(JobSpec spec, ApplicationAttemptId attempt) throws Exception {
            Configuration conf = new YarnConfiguration();
            spec.settings().forEach(conf::set);
            String host = System.getenv().getOrDefault("NM_HOST", "localhost");
            AttemptTimeline timeline = new AttemptTimeline(attempt.toString(), Clock.systemUTC());
            TrackingServer tracking = TrackingServer.start(host, spec.jobName(), timeline);
            YarnCallbacks callbacks = new YarnCallbacks();
            AMRMClientAsync<ContainerRequest> rm = AMRMClientAsync.createAMRMClientAsync(500, callbacks);
            rm.init(conf);
            rm.start();
            var registration = rm.registerApplicationMaster(host, tracking.port(), tracking.url());
            timeline.reached(AttemptTimeline.Step.REGISTERED);
            NMClientAsync nm = NMClientAsync.createNMClientAsync(callbacks);
            nm.init(conf);
            nm.start();
            int heapMb = AppMasterOptions.EXECUTOR_MEMORY_MB.read(conf::get);
            int containerMb = Math.min(AppMasterOptions.executorContainerMb(heapMb,
                    StateOptions.STATE_MEMORY_BYTES.read(conf::get)), registration.getMaximumResourceCapability().getMemory());
            Resource size = Resource.newInstance(containerMb, AppMasterOptions.EXECUTOR_VCORES.read(conf::get));
            // A test's crash point goes to the first executor of the first attempt only: one process stops there.
            ExecutorLaunch launch = new ExecutorLaunch(conf, heapMb, attempt.getAttemptId() == 1 ? 1 : 0);
            ExecutorPool pool = new ExecutorPool(rm, nm, size, launch::context,
                    AppMasterOptions.MAX_EXECUTOR_FAILURES.read(conf::get));
            callbacks.pool = pool;
            pool.adopt(registration.getContainersFromPreviousAttempts());
            CuratorFramework zk = Zk.connect(spec.zooKeeperConnect(),
                    CoordinationOptions.ZOOKEEPER_SESSION_TIMEOUT.read(conf::get));
            JobZnodes znodes = new JobZnodes(spec.zooKeeperRoot(), spec.jobName());
            Leadership leadership = new Leadership(zk, znodes, attempt.toString(),
                    CoordinationOptions.ZOOKEEPER_SESSION_TIMEOUT.read(conf::get));
            tracking.status("STANDBY", 0);
            long epoch = leadership.acquire();
            timeline.reached(AttemptTimeline.Step.LEADING);
            AmContext context = new AmContext(spec, conf, attempt, timeline, tracking, rm, nm, pool, zk, znodes,
                    leadership);
            context.writeRunStatus("RUNNING");
            tracking.status("RUNNING", epoch);
            pool.ensure(EngineOptions.EXECUTORS.read(conf::get));
            return context;
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

        TrackingServer tracking() {
            return tracking;
        }

        AttemptTimeline timeline() {
            return timeline;
        }

        boolean isLastAttempt() {
            // YARN caps an application's attempts at the ResourceManager's maximum.
            int attempts = Math.min(AppMasterOptions.AM_ATTEMPTS.read(conf::get),
                    conf.getInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, YarnConfiguration.DEFAULT_RM_AM_MAX_ATTEMPTS));
            return attempt.getAttemptId() >= attempts;
        }

        /**
         * Calls {@code stop} once {@code spindle stop} asked for a graceful stop: the tracking
         * server's {@code POST /api/stop} creates the {@code stop} znode naming this application,
         * and its existence, now or later, stops the run (a request made before an AM restart
         * still counts). A stop znode of another application is a leftover of a submission that
         * ended before it could serve it; it is removed, not obeyed.
         */
        void onStopRequest(Runnable stop) throws Exception {
            Watcher rearm = new Watcher() {
                @Override
                public void process(WatchedEvent event) {
                    try {
                        watchStop(this, stop);
                    } catch (Exception e) {
                        LOG.warn("Could not watch {}: {}", znodes.stop(), e.getMessage());
                    }
                }
            };
            watchStop(rearm, stop);
            tracking.onStop(() -> zk.create().orSetData().creatingParentsIfNeeded().forPath(znodes.stop(),
                    stopRequest().getBytes(StandardCharsets.UTF_8)));
        }

        private String stopRequest() {
            return "{\"application\":\"" + attempt.getApplicationId() + "\"}";
        }

        private void watchStop(Watcher watcher, Runnable stop) throws Exception {
            if (zk.checkExists().usingWatcher(watcher).forPath(znodes.stop()) == null) {
                return;
            }
            byte[] request;
            try {
                request = zk.getData().forPath(znodes.stop());
            } catch (KeeperException.NoNodeException e) {
                return;
            }
            if (new String(request, StandardCharsets.UTF_8).equals(stopRequest())) {
                LOG.info("Stop requested: stopping after the current batch");
                stop.run();
            } else {
                LOG.warn("Removing a stop request left by another application: {}",
                        new String(request, StandardCharsets.UTF_8));
                zk.delete().quietly().forPath(znodes.stop());
            }
        }

        private void writeRunStatus(String status) throws Exception {
            byte[] data = ("{\"status\":\"" + status + "\",\"epoch\":" + leadership.epoch() + "}")
                    .getBytes(StandardCharsets.UTF_8);
            var write = zk.checkExists().forPath(znodes.run()) == null
                    ? zk.transactionOp().create().forPath(znodes.run(), data)
                    : zk.transactionOp().setData().forPath(znodes.run(), data);
            zk.transaction().forOperations(
                    zk.transactionOp().check().withVersion(leadership.epochVersion()).forPath(znodes.epoch()), write);
        }

        /** Ends the application: executors told and stopped, staging deleted, unregistered with the final diagnostics. */
        void finish(FinalApplicationStatus status, String diagnostics) throws Exception {
            tracking.status(status.toString(), leadership.epoch());
            try {
                writeRunStatus(status == FinalApplicationStatus.SUCCEEDED ? "FINISHED" : "FAILED");
            } catch (Exception e) {
                LOG.warn("Could not record the end of the run in ZooKeeper: {}", e.getMessage());
            }
            pool.stopAll();
            if (status == FinalApplicationStatus.SUCCEEDED) {
                try {
                    zk.delete().quietly().forPath(znodes.stop()); // the request is served
                } catch (Exception e) {
                    LOG.warn("Could not remove {}: {}", znodes.stop(), e.getMessage());
                }
            }
            String staging = System.getenv(ExecutorLaunch.STAGING_DIR_ENV);
            if (staging != null) {
                org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(staging);
                FileSystem fs = dir.getFileSystem(conf);
                fs.delete(dir, true);
            }
            resourceManager.unregisterApplicationMaster(status, diagnostics, tracking.url());
            nodeManager.stop();
            resourceManager.stop();
            leadership.close();
            zk.close();
            tracking.close();
            pool.close();
        }
    }
}
