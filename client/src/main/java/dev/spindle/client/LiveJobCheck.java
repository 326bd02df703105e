package dev.spindle.client;

import dev.spindle.runtime.coordination.CoordinationOptions;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointMetadata;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.hadoop.conf.Configuration;

/**
 * Tells whether a live job holds a checkpoint on a file system with atomic rename (HDFS): the
 * job's leader latch in ZooKeeper has participants. (On {@code file://} the checkpoint's OS lock
 * answers instead; see {@link Checkpoint#open}.)
 */
final class LiveJobCheck {
    private LiveJobCheck() {}

    /**
     * @return empty when no live job holds the checkpoint; otherwise the one-line reason to refuse
     *     (a job holds it, or whether one does cannot be told)
     */
    static Optional<String> holder(Checkpoint checkpoint, Configuration conf) throws IOException {
        String connect = CoordinationOptions.ZOOKEEPER_CONNECT.read(conf::get);
        Optional<CheckpointMetadata> metadata = CheckpointMetadata.read(checkpoint);
        if (metadata.isEmpty()) {
            return Optional.of("cannot tell whether a job holds " + checkpoint.fs().root()
                    + ": it has no metadata naming its job");
        }
        if (connect.isEmpty()) {
            return Optional.of("cannot tell whether job '" + metadata.get().jobName() + "' holds "
                    + checkpoint.fs().root() + ": " + CoordinationOptions.ZOOKEEPER_CONNECT.name() + " is not set");
        }
        String latch = CoordinationOptions.leaderLatchPath(CoordinationOptions.ZOOKEEPER_ROOT.read(conf::get),
                metadata.get().jobName());
        int timeoutSeconds = CoordinationOptions.ZOOKEEPER_CONNECT_TIMEOUT_SECONDS.read(conf::get);
        try (CuratorFramework zk = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .connectionTimeoutMs(timeoutSeconds * 1000)
                .sessionTimeoutMs((int) CoordinationOptions.ZOOKEEPER_SESSION_TIMEOUT.read(conf::get).toMillis())
                .retryPolicy(new ExponentialBackoffRetry(200, 3))
                .build()) {
            zk.start();
            if (!zk.blockUntilConnected(timeoutSeconds, TimeUnit.SECONDS)) {
                return Optional.of("cannot tell whether job '" + metadata.get().jobName() + "' holds "
                        + checkpoint.fs().root() + ": ZooKeeper at " + connect + " did not answer within " + timeoutSeconds + " s");
            }
            List<String> participants = zk.checkExists().forPath(latch) == null ? List.of()
                    : zk.getChildren().forPath(latch);
            return participants.isEmpty() ? Optional.empty()
                    : Optional.of("job '" + metadata.get().jobName() + "' is live: its leader latch " + latch
                            + " has " + participants.size() + " participant(s)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking ZooKeeper", e);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("ZooKeeper at " + connect + ": " + e.getMessage(), e);
        }
    }
}
