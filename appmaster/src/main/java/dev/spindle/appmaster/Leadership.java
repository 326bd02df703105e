package dev.spindle.appmaster;

import dev.spindle.runtime.coordination.JobZnodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership of a job among ApplicationMasters: a Curator {@link LeaderLatch}, and on winning it
 * a new epoch (the {@code epoch} znode, incremented with a version check). Curator's own notes say
 * two leaders can briefly coexist, so the latch is a hint and the epoch's znode version is what
 * fences every write.
 *
 * <p>Connection states: while the connection is SUSPENDED this AM does not count as leader (it
 * writes nothing), and {@link #checkLeading} waits; once it is RECONNECTED with its session (and
 * so its latch node and its epoch) intact, it leads again if the latch still says so. Only a LOST
 * session ends a leadership for good: another AM may have taken the latch and the epoch. A standby
 * that lives through a blip or a lost session is not harmed: its latch re-enters the election.
 */
final class Leadership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    /** How long a leader waits, after a reconnection, for the latch to confirm it still leads. */
    private static final Duration REELECTION_WAIT = Duration.ofSeconds(10);

    private final CuratorFramework zk;
    private final JobZnodes znodes;
    private final String id;
    private final Duration sessionTimeout;
    private final LeaderLatch latch;
    private final AtomicBoolean lost = new AtomicBoolean();
    private volatile boolean suspended;
    private volatile boolean leading; // acquire() returned: a lost session from now on ends the leadership
    private volatile long notLeadingSince; // System.nanoTime() when isLeader() last turned false, 0 while leading
    private long epoch;
    private int epochVersion;

    Leadership(CuratorFramework zk, JobZnodes znodes, String id, Duration sessionTimeout) {
        this.zk = zk;
        this.znodes = znodes;
        this.id = id;
        this.sessionTimeout = sessionTimeout;
        this.latch = new LeaderLatch(zk, znodes.leader(), id);
        zk.getConnectionStateListenable().addListener((client, state) -> {
            switch (state) {
                case SUSPENDED -> {
                    suspended = true;
                    LOG.warn("ZooKeeper connection SUSPENDED: this ApplicationMaster writes nothing until it is back");
                }
                case RECONNECTED -> {
                    suspended = false;
                    LOG.info("ZooKeeper connection RECONNECTED");
                }
                case LOST -> {
                    if (leading && lost.compareAndSet(false, true)) {
                        LOG.warn("ZooKeeper session LOST: this ApplicationMaster no longer leads");
                    }
                }
                default -> { }
            }
        });
    }

    /** Blocks until this AM leads (a standby waits here), then takes a new epoch. */
    long acquire() throws Exception {
        removeEarlierAttempts();
        latch.start();
        latch.await();
        while (true) {
            Stat stat = new Stat();
            long current;
            try {
                current = Long.parseLong(new String(zk.getData().storingStatIn(stat).forPath(znodes.epoch()),
                        StandardCharsets.UTF_8));
            } catch (KeeperException.NoNodeException e) {
                try {
                    zk.create().creatingParentsIfNeeded().forPath(znodes.epoch(), "0".getBytes(StandardCharsets.UTF_8));
                } catch (KeeperException.NodeExistsException raced) {
                    // another AM created it: read again
                }
                continue;
            }
            try {
                Stat updated = zk.setData().withVersion(stat.getVersion())
                        .forPath(znodes.epoch(), Long.toString(current + 1).getBytes(StandardCharsets.UTF_8));
                epoch = current + 1;
                epochVersion = updated.getVersion();
                leading = true;
                LOG.info("Leading job {} with epoch {}", znodes.job(), epoch);
                return epoch;
            } catch (KeeperException.BadVersionException e) {
                // another leader moved the epoch between our read and write: read again
            }
        }
    }

    long epoch() {
        return epoch;
    }

    /**
     * Removes the latch entries of this application's earlier attempts. YARN starts an attempt only
     * once it has given up on the one before, whose ApplicationMaster is then dead (or a zombie,
     * which the epoch fences as it would after its session expired); without this, a restarted AM
     * would wait out its dead predecessor's ZooKeeper session before it could lead. Entries of
     * other applications (a standby submission) are left alone.
     */
    private void removeEarlierAttempts() throws Exception {
        ApplicationAttemptId self = ApplicationAttemptId.fromString(id);
        List<String> entries;
        try {
            entries = zk.getChildren().forPath(znodes.leader());
        } catch (KeeperException.NoNodeException e) {
            return;
        }
        for (String entry : entries) {
            String path = znodes.leader() + "/" + entry;
            ApplicationAttemptId holder;
            try {
                holder = ApplicationAttemptId.fromString(new String(zk.getData().forPath(path), StandardCharsets.UTF_8));
            } catch (KeeperException.NoNodeException | IllegalArgumentException e) {
                continue; // gone already, or not an attempt's entry
            }
            if (holder.getApplicationId().equals(self.getApplicationId()) && holder.getAttemptId() < self.getAttemptId()) {
                zk.delete().quietly().forPath(path);
                LOG.info("Removed the leader latch entry of earlier attempt {}", holder);
            }
        }
    }

    /**
     * Raises this leader's epoch to {@code wanted} if it is higher (the checkpoint's logs may carry
     * epochs that ZooKeeper never saw, e.g. after the job's znodes were deleted), with a version
     * check: a deposed leader fails here.
     */
    long raiseTo(long wanted) throws Exception {
        if (wanted > epoch) {
            Stat updated = zk.setData().withVersion(epochVersion)
                    .forPath(znodes.epoch(), Long.toString(wanted).getBytes(StandardCharsets.UTF_8));
            epoch = wanted;
            epochVersion = updated.getVersion();
            LOG.info("Leading job {} with epoch {} (raised to pass the checkpoint's logs)", znodes.job(), epoch);
        }
        return epoch;
    }

    /**
     * Creates or overwrites {@code path} in a multi that first checks the epoch znode's version, so
     * the write fails whole once another AM took the epoch: the one way a leader writes the job's
     * znodes. Writing a create that another call of this leader already made is no error.
     *
     * @throws LeadershipLostException when another AM took the epoch
     * @throws IOException when ZooKeeper fails the write
     */
    void writeFenced(String path, byte[] data) throws IOException {
        try {
            CuratorOp write = zk.checkExists().forPath(path) == null
                    ? zk.transactionOp().create().forPath(path, data)
                    : zk.transactionOp().setData().forPath(path, data);
            zk.transaction().forOperations(
                    zk.transactionOp().check().withVersion(epochVersion).forPath(znodes.epoch()), write);
        } catch (KeeperException.BadVersionException e) {
            throw new LeadershipLostException("another ApplicationMaster took over (the epoch moved past " + epoch + ")");
        } catch (KeeperException.NodeExistsException e) {
            // created by this leader's call before (a retry): fine
        } catch (Exception e) {
            throw new IOException("cannot write " + path + " in ZooKeeper: " + e.getMessage(), e);
        }
    }

    /** True while this AM leads: its session was never lost, it is connected, and the latch says so. */
    boolean isLeader() {
        return leading && !lost.get() && !suspended && latch.hasLeadership();
    }

    /**
     * Null while this AM leads, or may lead again: its connection is suspended (for up to the
     * session timeout) or was just re-established and the latch has yet to confirm it. Otherwise
     * why it does not lead: its session was lost, or the wait ran out (another AM holds the latch).
     * Never blocks: the AM's loop asks it on every tick.
     */
    String notLeadingReason() {
        if (!leading || lost.get()) {
            return "this ApplicationMaster lost its ZooKeeper session while it led epoch " + epoch;
        }
        if (isLeader()) {
            notLeadingSince = 0;
            return null;
        }
        long now = System.nanoTime();
        if (notLeadingSince == 0) {
            notLeadingSince = now;
        }
        if (now - notLeadingSince > sessionTimeout.plus(REELECTION_WAIT).toNanos()) {
            return "this ApplicationMaster no longer leads epoch " + epoch
                    + (suspended ? " (ZooKeeper unreachable for " + sessionTimeout.toSeconds() + " s)"
                            : " (another participant holds the leader latch)");
        }
        return null;
    }

    /**
     * Returns while this AM leads; while it may lead again ({@link #notLeadingReason}) it waits.
     *
     * @throws LeadershipLostException when the session was lost, or another AM leads now
     */
    void checkLeading() throws LeadershipLostException, InterruptedException {
        while (!isLeader()) {
            String reason = notLeadingReason();
            if (reason != null) {
                throw new LeadershipLostException(reason);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws Exception {
        latch.close();
    }
}
