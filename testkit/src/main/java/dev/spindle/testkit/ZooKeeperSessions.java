package dev.spindle.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Expires a ZooKeeper session on the server, for real: a second connection attaches to the
 * session (same id and password) and closes it. The server ends the session and deletes its
 * ephemeral znodes; the original client is disconnected and learns on reconnecting that its
 * session has expired, exactly as after a long network partition or GC pause. (Curator's
 * {@code KillSession} only simulates the expiry inside the client.)
 */
final class ZooKeeperSessions {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private ZooKeeperSessions() {}

    static void expire(CuratorFramework client, String connectString) throws Exception {
        ZooKeeper victim = client.getZookeeperClient().getZooKeeper();
        long sessionId = victim.getSessionId();
        CountDownLatch connected = new CountDownLatch(1);
        Watcher watcher = event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
        ZooKeeper attacker = new ZooKeeper(connectString, (int) CONNECT_TIMEOUT.toMillis(), watcher,
                sessionId, victim.getSessionPasswd());
        try {
            if (!connected.await(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("could not attach to ZooKeeper session 0x" + Long.toHexString(sessionId));
            }
        } finally {
            attacker.close(); // closes the shared session on the server
        }
    }
}
