package dev.spindle.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.runtime.coordination.JobZnodes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Leadership through ZooKeeper trouble, against a real ZooKeeper server: a blip (the server
 * restarted within the session timeout) neither ends a leadership nor disqualifies a standby; a
 * lost session ends a leadership.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class LeadershipTest {
    private static final Duration SESSION = Duration.ofSeconds(20);
    private final JobZnodes znodes = new JobZnodes("/spindle", "job");
    private TestingServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new TestingServer();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private CuratorFramework client() throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(server.getConnectString())
                .sessionTimeoutMs((int) SESSION.toMillis()).connectionTimeoutMs(5_000)
                .retryPolicy(new ExponentialBackoffRetry(100, 10, 1_000)).build();
        client.start();
        assertTrue(client.blockUntilConnected(30, TimeUnit.SECONDS));
        return client;
    }

    /** Restarts the server and waits until {@code clients} have been suspended and are connected again. */
    private void blip(CuratorFramework... clients) throws Exception {
        CompletableFuture<?>[] reconnected = new CompletableFuture<?>[clients.length];
        for (int i = 0; i < clients.length; i++) {
            CompletableFuture<Void> back = new CompletableFuture<>();
            reconnected[i] = back;
            clients[i].getConnectionStateListenable().addListener((client, state) -> {
                if (state == ConnectionState.RECONNECTED) {
                    back.complete(null);
                }
            });
        }
        server.restart();
        CompletableFuture.allOf(reconnected).get(60, TimeUnit.SECONDS);
    }

    @Test
    void aStandbyThatLivedThroughABlipLeadsWhenItWinsTheLatch() throws Exception {
        try (CuratorFramework zkA = client(); CuratorFramework zkB = client()) {
            Leadership a = new Leadership(zkA, znodes, "appattempt_1_0001_000001", SESSION);
            assertEquals(1, a.acquire());
            Leadership b = new Leadership(zkB, znodes, "appattempt_1_0002_000001", SESSION);
            CompletableFuture<Long> standby = CompletableFuture.supplyAsync(() -> {
                try {
                    return b.acquire();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            blip(zkA, zkB);
            a.close(); // the leader goes: the standby wins the latch
            assertEquals(2, standby.get(60, TimeUnit.SECONDS));
            b.checkLeading();
            assertTrue(b.isLeader(), "the standby leads after the blip it lived through");
            b.close();
        }
    }

    @Test
    void aLeaderKeepsLeadingThroughABlipThatItsSessionSurvives() throws Exception {
        try (CuratorFramework zk = client()) {
            Leadership leader = new Leadership(zk, znodes, "appattempt_1_0001_000001", SESSION);
            assertEquals(1, leader.acquire());
            blip(zk);
            leader.checkLeading();
            assertTrue(leader.isLeader());
            assertEquals(1, leader.epoch());
            leader.close();
        }
    }

    @Test
    void aLostSessionEndsALeadershipForGood() throws Exception {
        try (CuratorFramework zk = client()) {
            Leadership leader = new Leadership(zk, znodes, "appattempt_1_0001_000001", SESSION);
            leader.acquire();
            CompletableFuture<Void> lost = new CompletableFuture<>();
            zk.getConnectionStateListenable().addListener((client, state) -> {
                if (state == ConnectionState.LOST) {
                    lost.complete(null);
                }
            });
            zk.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
            lost.get(60, TimeUnit.SECONDS);
            assertThrows(LeadershipLostException.class, leader::checkLeading);
            assertFalse(leader.isLeader());
            leader.close();
        }
    }
}
