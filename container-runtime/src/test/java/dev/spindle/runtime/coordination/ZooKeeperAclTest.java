package dev.spindle.runtime.coordination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With digest credentials, a job's znodes are its own: a ZooKeeper client without them, or with
 * another job's, is refused every write to the job's epoch, plans, reports and stop request, and
 * can still read them and create its own job beside it; the configured admin may write.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ZooKeeperAclTest {
    private static TestingServer zooKeeper;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zooKeeper = new TestingServer(true);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zooKeeper.close();
    }

    @Test
    void onlyTheJobsCredentialsAndTheAdminMayWriteItsZnodes() throws Exception {
        JobZnodes job = new JobZnodes("/spindle", "clicks");
        Map<String, String> owner = settings("spindle:s3cret", "digest:" + DigestAuthenticationProvider.generateDigest("ops:adm1n"));
        try (CuratorFramework zk = Zk.connect(zooKeeper.getConnectString(), owner::get, job.base())) {
            // what the leader, the executors and a stop request write
            zk.create().creatingParentsIfNeeded().forPath(job.epoch(), "1".getBytes(StandardCharsets.UTF_8));
            zk.create().creatingParentsIfNeeded().forPath(job.plan(7), "plan".getBytes(StandardCharsets.UTF_8));
            zk.create().creatingParentsIfNeeded().forPath(job.done(7, "s0-p0", "a1"), "report".getBytes(StandardCharsets.UTF_8));
            zk.create().creatingParentsIfNeeded().forPath(job.stop(), "stop".getBytes(StandardCharsets.UTF_8));
            zk.setData().forPath(job.epoch(), "2".getBytes(StandardCharsets.UTF_8));
        }

        Map<String, String> noCredentials = new HashMap<>();
        Map<String, String> otherJob = settings("mallory:guess", "");
        for (Map<String, String> stranger : List.of(noCredentials, otherJob)) {
            try (CuratorFramework zk = Zk.connect(zooKeeper.getConnectString(), stranger::get, job.base())) {
                assertThrows(KeeperException.NoAuthException.class,
                        () -> zk.setData().forPath(job.epoch(), "99".getBytes(StandardCharsets.UTF_8)), "the epoch");
                assertThrows(KeeperException.NoAuthException.class,
                        () -> zk.setData().forPath(job.plan(7), "forged".getBytes(StandardCharsets.UTF_8)), "a plan");
                assertThrows(KeeperException.NoAuthException.class,
                        () -> zk.create().forPath(job.batch(8), "forged".getBytes(StandardCharsets.UTF_8)), "a new batch");
                assertThrows(KeeperException.NoAuthException.class,
                        () -> zk.delete().forPath(job.stop()), "the stop request");
                assertThrows(KeeperException.NoAuthException.class,
                        () -> zk.delete().forPath(job.done(7, "s0-p0", "a1")), "a report");
                assertArrayEquals("2".getBytes(StandardCharsets.UTF_8), zk.getData().forPath(job.epoch()), "reading is open");
            }
        }
        // another job, with its own credentials, still makes its base beside this one
        JobZnodes sessions = new JobZnodes("/spindle", "sessions");
        try (CuratorFramework zk = Zk.connect(zooKeeper.getConnectString(), otherJob::get, sessions.base())) {
            zk.create().creatingParentsIfNeeded().forPath(sessions.epoch(), "1".getBytes(StandardCharsets.UTF_8));
        }
        // the admin identity may write the job's znodes
        Map<String, String> admin = settings("ops:adm1n", "");
        try (CuratorFramework zk = Zk.connect(zooKeeper.getConnectString(), admin::get)) {
            zk.delete().forPath(job.stop());
        }
    }

    private static Map<String, String> settings(String credentials, String adminAcl) throws Exception {
        Path file = Files.createTempFile(dir, "zk-", ".digest");
        Files.writeString(file, credentials + "\n");
        Map<String, String> settings = new HashMap<>();
        settings.put(CoordinationOptions.ZOOKEEPER_DIGEST_FILE.name(), file.toString());
        if (!adminAcl.isEmpty()) {
            settings.put(CoordinationOptions.ZOOKEEPER_ADMIN_ACL.name(), adminAcl);
        }
        return settings;
    }
}
