package dev.spindle.runtime.coordination;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.ZooDefs;

/** Curator clients as Spindle's processes make them. */
public final class Zk {
    private Zk() {}

    /**
     * A started client, connected.
     *
     * @throws IOException one line naming the address when ZooKeeper does not answer within
     *     {@link CoordinationOptions#ZOOKEEPER_CONNECT_TIMEOUT_SECONDS}
     */
    public static CuratorFramework connect(String connect, Function<String, String> conf)
            throws IOException, InterruptedException {
        return connect(connect, conf, null);
    }

    /**
     * As {@link #connect(String, Function)}, for a process that writes the job's znodes under
     * {@code jobBase}: with Kerberos ({@link CoordinationOptions#ZOOKEEPER_SASL}) or digest
     * credentials configured it authenticates with them and creates those znodes with {@link JobAcls}.
     */
    public static CuratorFramework connect(String connect, Function<String, String> conf, String jobBase)
            throws IOException, InterruptedException {
        int waitSeconds = CoordinationOptions.ZOOKEEPER_CONNECT_TIMEOUT_SECONDS.read(conf);
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .sessionTimeoutMs((int) CoordinationOptions.ZOOKEEPER_SESSION_TIMEOUT.read(conf).toMillis())
                .connectionTimeoutMs(Math.min(15_000, waitSeconds * 1000))
                .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000));
        boolean sasl = CoordinationOptions.ZOOKEEPER_SASL.read(conf);
        String credentials = JobAcls.credentials(conf);
        if (sasl) {
            builder.zkClientConfig(ZooKeeperSasl.clientConfig(conf));
            if (jobBase != null) {
                builder.aclProvider(JobAcls.forJob(jobBase, ZooDefs.Ids.AUTH_IDS, conf));
            }
        } else if (credentials != null) {
            builder.authorization("digest", credentials.getBytes(StandardCharsets.UTF_8));
            if (jobBase != null) {
                builder.aclProvider(JobAcls.forJob(jobBase, JobAcls.digest(credentials), conf));
            }
        }
        CuratorFramework client = builder.build();
        client.start();
        if (!client.blockUntilConnected(waitSeconds, TimeUnit.SECONDS)) {
            client.close();
            throw new IOException("cannot reach ZooKeeper at " + connect + " within " + waitSeconds + " s ("
                    + CoordinationOptions.ZOOKEEPER_CONNECT_TIMEOUT_SECONDS.name() + ")");
        }
        if (sasl) {
            try {
                ZooKeeperSasl.requireAuthenticated(client.getZookeeperClient().getZooKeeper().whoAmI(), connect);
            } catch (Exception e) {
                client.close();
                throw e instanceof IOException io ? io : new IOException("cannot ask ZooKeeper at " + connect
                        + " who this process is: " + e, e);
            }
        }
        return client;
    }
}
