package dev.spindle.appmaster;

import dev.spindle.runtime.coordination.ExecutorStats;
import dev.spindle.runtime.coordination.JobZnodes;
import dev.spindle.runtime.coordination.Reports;
import dev.spindle.runtime.coordination.ZkMessages;
import dev.spindle.runtime.task.TaskReport;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the executors tell the leader through ZooKeeper, read on the AM's loop: which executors
 * announced themselves and the task state each holds, and the reports of task attempts. A
 * {@code wake} watcher, where given, fires once when what was read changes.
 */
final class ExecutorZnodes {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorZnodes.class);

    private final CuratorFramework zk;
    private final JobZnodes znodes;

    ExecutorZnodes(CuratorFramework zk, JobZnodes znodes) {
        this.zk = zk;
        this.znodes = znodes;
    }

    /** The executors that announced themselves (none before the first one did). */
    List<String> announced(Watcher wake) throws IOException {
        try {
            return wake == null
                    ? zk.getChildren().forPath(znodes.executors())
                    : zk.getChildren().usingWatcher(wake).forPath(znodes.executors());
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw new IOException("cannot list executors in ZooKeeper: " + e.getMessage(), e);
        }
    }

    /** The tasks an executor announces it holds state of, each with the batch of that committed state. */
    Map<String, Long> heldTasks(String executor) {
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
     * Whether an executor's znode exists. A ZooKeeper error (Curator has retried it already) tells
     * nothing about the executor: it counts as present until a check can tell, so a connection blip
     * never moves tasks.
     */
    boolean present(String executor) {
        try {
            return zk.checkExists().forPath(znodes.executor(executor)) != null;
        } catch (Exception e) {
            LOG.warn("Cannot tell whether executor {} is alive ({}); asking again at the next check", executor,
                    e.getMessage());
            return true;
        }
    }

    /** A task attempt's report, with the figures of the executor that ran it. */
    record Reported(TaskReport report, ExecutorStats executor) {}

    /** The report of one attempt, or null (then {@code wake} fires when it is written). */
    Reported report(long batch, String task, String attempt, Watcher wake) throws IOException {
        String path = znodes.done(batch, task, attempt);
        try {
            byte[] bytes = zk.getData().forPath(path);
            return new Reported(Reports.fromBytes(bytes), Reports.executorStats(bytes));
        } catch (KeeperException.NoNodeException e) {
            try {
                zk.checkExists().usingWatcher(wake).forPath(path);
            } catch (Exception ignored) {
                // the next tick reads it
            }
            return null;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot read the report of " + task + " in batch " + batch + ": " + e.getMessage(), e);
        }
    }

    /** Makes the parent of a batch's reports, so that executors can report under it. */
    void prepareReports(long batch) throws IOException {
        try {
            zk.createContainers(znodes.done(batch));
        } catch (Exception e) {
            throw new IOException("cannot create " + znodes.done(batch) + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the znodes of batches before {@code batch}; best effort (the next commit tries again). */
    void deleteBatchesBefore(long batch) {
        List<String> children;
        try {
            children = zk.getChildren().forPath(znodes.batches());
        } catch (Exception e) {
            return;
        }
        for (String child : children) {
            long old = Long.parseLong(child);
            if (old < batch) {
                try {
                    zk.delete().deletingChildrenIfNeeded().forPath(znodes.batch(old));
                } catch (Exception e) {
                    LOG.debug("Could not delete {}: {}", znodes.batch(old), e.getMessage());
                }
            }
        }
    }
}
