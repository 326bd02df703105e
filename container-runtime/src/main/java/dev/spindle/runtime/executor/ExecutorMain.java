package dev.spindle.runtime.executor;

import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.JobSpec;
import dev.spindle.runtime.Jobs;
import dev.spindle.runtime.coordination.CoordinationOptions;
import dev.spindle.runtime.coordination.JobZnodes;
import dev.spindle.runtime.coordination.Zk;
import dev.spindle.runtime.security.TokenFileWatcher;
import dev.spindle.runtime.kafka.KafkaClientSettings;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.source.KafkaPartitionSource;
import dev.spindle.runtime.task.TaskSettings;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.StateOptions;
import dev.spindle.state.rocksdb.StateMemory;
import dev.spindle.state.task.StateEnvironment;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.apache.curator.framework.CuratorFramework;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class of an executor container: reads the job spec shipped with the container, joins
 * the job in ZooKeeper and runs the tasks the leader assigns to it ({@link ExecutorAgent}).
 * Exit code 0 when the run is over, 1 on failure.
 */
public final class ExecutorMain {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorMain.class);

    private ExecutorMain() {}

    public static void main(String[] args) {
        String id = args.length > 0 ? args[0] : System.getenv("CONTAINER_ID");
        try {
            LOG.info("Executor {} stopped: {}", id, run(id));
            System.exit(0);
        } catch (Throwable e) {
            LOG.error("Executor {} failed", id, e);
            System.exit(1);
        }
    }

    static String run(String id) throws Exception {
        JobSpec spec;
        try (InputStream in = Files.newInputStream(Path.of(JobSpec.FILE_NAME))) {
            spec = JobSpec.read(in);
        }
        Configuration conf = new YarnConfiguration();
        spec.settings().forEach(conf::set);
        StreamJob job = Jobs.findInContainer(spec.jobName()).create();
        // the executor's RocksDB state and SST cache: only the job's user may read them
        Path localDir = Files.createDirectories(localRoot().resolve("spindle-" + id));
        Files.setPosixFilePermissions(localDir, PosixFilePermissions.fromString("rwx------"));
        try (TokenFileWatcher tokens = TokenFileWatcher.start(conf);
                CuratorFramework zk = Zk.connect(spec.zooKeeperConnect(), conf::get,
                        new JobZnodes(spec.zooKeeperRoot(), spec.jobName()).base());
                Checkpoint checkpoint = Checkpoint.openForReading(spec.checkpoint(), conf);
                StateMemory memory = new StateMemory(StateOptions.STATE_MEMORY_BYTES.read(conf::get));
                StateEnvironment env = new StateEnvironment(checkpoint.fs(), localDir, memory,
                        StateOptions.SNAPSHOT_UPLOAD_BYTES_PER_SECOND.read(conf::get),
                        StateOptions.GC_GRACE.read(conf::get), Clock.systemUTC());
                KafkaPartitionSource source = new KafkaPartitionSource(spec.bootstrapServers(), spec.topic(),
                        KafkaClientSettings.from(spec.settings().entrySet()))) {
            ExecutorAgent agent = new ExecutorAgent(id, zk, new JobZnodes(spec.zooKeeperRoot(), spec.jobName()),
                    checkpoint, job, env, source, OutputLocation.under(spec.output()),
                    CoordinationOptions.EXECUTOR_ORPHAN_TIMEOUT.read(conf::get), TaskSettings.read(conf::get));
            try {
                return agent.run();
            } finally {
                agent.close();
            }
        } finally {
            FileUtil.fullyDelete(localDir.toFile());
        }
    }

    /** The container's first local directory (YARN's LOCAL_DIRS), else the working directory. */
    private static Path localRoot() {
        String dirs = System.getenv("LOCAL_DIRS");
        return dirs == null || dirs.isBlank() ? Path.of(".").toAbsolutePath() : Path.of(dirs.split(",")[0]);
    }
}
