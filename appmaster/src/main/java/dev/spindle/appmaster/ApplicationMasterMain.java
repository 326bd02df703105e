package dev.spindle.appmaster;

import dev.spindle.api.Trigger;
import dev.spindle.appmaster.security.DelegationTokens;
import dev.spindle.appmaster.security.TokenRenewal;
import dev.spindle.api.config.InvalidSettingException;
import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.CheckpointCompatibility;
import dev.spindle.runtime.CrashPoints;
import dev.spindle.runtime.JobFailedException;
import dev.spindle.runtime.JobSpec;
import dev.spindle.runtime.Jobs;
import dev.spindle.runtime.coordination.CoordinationOptions;
import dev.spindle.runtime.driver.BatchDriver;
import dev.spindle.runtime.driver.RunSummary;
import dev.spindle.runtime.security.TokenFile;
import dev.spindle.runtime.kafka.KafkaClientSettings;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.sink.OutputSink;
import dev.spindle.runtime.sink.Publisher;
import dev.spindle.runtime.source.KafkaPartitionSource;
import dev.spindle.state.Checkpoint;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spindle ApplicationMaster: registers with the ResourceManager (tracking URL included),
 * waits to lead the job in ZooKeeper (a second submission waits here as a standby), takes a new
 * epoch, keeps its executor containers running, and runs the same batch driver as local mode with
 * {@link ZkExecutors}. An available-now run ends SUCCEEDED with its summary as the final
 * diagnostics.
 *
 * <p>How an attempt ends when something fails is decided by what failed:
 * <ul>
 *   <li>{@link JobFailedException} or {@link InvalidSettingException}: retrying cannot help (the input
 *       changed, the checkpoint is another job's, a setting is bad); the job ends FAILED with the
 *       one-line reason, on any attempt;
 *   <li>{@link LeadershipLostException}: another AM leads; this one exits without a word to YARN;
 *   <li>the ResourceManager asked the AM to shut down: it unregisters FAILED with that reason;
 *   <li>anything else ends the attempt: YARN starts the next one, which keeps the executors; on the
 *       last attempt the job ends FAILED with the reason. This holds from the first step on: an
 *       attempt that cannot reach ZooKeeper or HDFS still unregisters and deletes its staging.
 * </ul>
 */
public final class ApplicationMasterMain {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationMasterMain.class);

    private ApplicationMasterMain() {}

    public static void main(String[] args) {
        ApplicationAttemptId attempt = ContainerId.fromString(System.getenv("CONTAINER_ID")).getApplicationAttemptId();
        if (attempt.getAttemptId() > 1) {
            CrashPoints.disarm(); // a test's crash point stops the first attempt only
        }
        JobSpec spec;
        try (InputStream in = Files.newInputStream(Path.of(JobSpec.FILE_NAME))) {
            spec = JobSpec.read(in);
        } catch (Exception e) {
            LOG.error("Cannot read {}", JobSpec.FILE_NAME, e);
            System.exit(1);
            return;
        }
        AmAttempt am = new AmAttempt(spec, attempt, Thread.currentThread());
        try {
            am.start();
            RunSummary summary = run(am);
            am.finish(FinalApplicationStatus.SUCCEEDED, summary.toJson());
            System.exit(0);
        } catch (Throwable e) {
            System.exit(end(am, e));
        }
    }

    /** Ends an attempt that failed with {@code e} as its kind says; returns the process's exit code. */
    static int end(AmAttempt am, Throwable e) {
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        Optional<YarnCallbacks.Fatal> fatal = am.callbacks().fatal();
        if (fatal.isPresent()) { // the ResourceManager connection ended: that, not what it interrupted, is the reason
            LOG.error("Stopping: {}", fatal.get().reason());
            if (fatal.get().shutdownRequested()) {
                am.finish(FinalApplicationStatus.FAILED, fatal.get().reason());
            } else {
                am.close();
            }
            return 1;
        }
        if (e instanceof LeadershipLostException) {
            LOG.error("Stopping: {}", reason);
            am.close();
            return 1;
        }
        if (e instanceof JobFailedException || e instanceof InvalidSettingException) {
            LOG.error("The job fails: {}", reason);
            am.finish(FinalApplicationStatus.FAILED, reason);
            return 2;
        }
        LOG.error("ApplicationMaster attempt failed", e);
        if (am.isLastAttempt()) {
            am.finish(FinalApplicationStatus.FAILED, reason);
        } else {
            am.close();
        }
        return 1;
    }

    /** Where the AM leaves renewed delegation tokens for the executors: in the staging directory. */
    private static org.apache.hadoop.fs.Path tokenFile() {
        return new org.apache.hadoop.fs.Path(System.getenv(ExecutorLaunch.STAGING_DIR_ENV), TokenFile.NAME);
    }

    private static RunSummary run(AmAttempt am) throws Exception {
        JobSpec spec = am.spec();
        Configuration conf = am.conf();
        StreamJob job = Jobs.findInContainer(spec.jobName()).create();
        try (Checkpoint checkpoint = Checkpoint.open(spec.checkpoint(), conf);
                KafkaPartitionSource source = new KafkaPartitionSource(spec.bootstrapServers(), spec.topic(),
                        KafkaClientSettings.from(spec.settings().entrySet()));
                OutputSink sink = OutputSink.forRun(OutputLocation.under(spec.output()), checkpoint, conf::get, conf,
                        spec.bootstrapServers(), spec.topic(), job,
                        CheckpointCompatibility.check(checkpoint, job).jobId())) {
            ZkExecutors executors = new ZkExecutors(am.loop(), am.zk(), am.znodes(), am.leadership(), am.pool(),
                    CoordinationOptions.TASK_TIMEOUT.read(conf::get),
                    CoordinationOptions.EXECUTOR_START_TIMEOUT.read(conf::get), Clock.systemUTC(),
                    () -> am.timeline().reached(AttemptTimeline.Step.EXECUTORS_READY));
            Publisher publisher = new Publisher(checkpoint, sink);
            BatchDriver driver = new BatchDriver(job, checkpoint, source, executors, publisher,
                    BatchDriver.RunSettings.read(Trigger.parse(spec.trigger()), spec.topic(), conf::get),
                    Clock.systemUTC(), am.view());
            am.view().batchProgress(executors::batchDone);
            am.view().watchTasks(executors);
            am.view().watchPublishing(publisher);
            am.onStopRequest(driver::stop);
            AtomicReference<String> tokensEnding = new AtomicReference<>();
            try (TokenRenewal renewal = TokenRenewal.start(conf, DelegationTokens.fileSystems(spec, job, conf),
                    tokenFile(), reason -> {
                        tokensEnding.set(reason);
                        driver.stop();
                    }, Clock.systemUTC())) {
                RunSummary summary = driver.run();
                if (tokensEnding.get() != null) {
                    throw new JobFailedException(tokensEnding.get());
                }
                return summary;
            }
        }
    }
}
