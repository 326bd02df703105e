package dev.spindle.runtime.coordination;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

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
     * {@code jobBase}: with digest credentials configured it authenticates with them and creates
     * those znodes with {@link JobAcls}.
     */
    public static CuratorFramework connect(String connect, Function<String, String> conf, String jobBase)
            throws IOException, InterruptedException {
        int waitSeconds = CoordinationOptions.ZOOKEEPER_CONNECT_TIMEOUT_SECONDS.read(conf);
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .sessionTimeoutMs((int) CoordinationOptions.ZOOKEEPER_SESSION_TIMEOUT.read(conf).toMillis())
                .connectionTimeoutMs(Math.min(15_000, waitSeconds * 1000))
                .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000));
        String credentials = JobAcls.credentials(conf);
        if (credentials != null) {
            builder.authorization("digest", credentials.getBytes(StandardCharsets.UTF_8));
            if (jobBase != null) {
                builder.aclProvider(JobAcls.forJob(jobBase, credentials, conf));
            }
        }
        CuratorFramework client = builder.build();
        client.start();
        if (!client.blockUntilConnected(waitSeconds, TimeUnit.SECONDS)) {
            client.close();
            throw new IOException("cannot reach ZooKeeper at " + connect + " within " + waitSeconds + " s ("
                    + CoordinationOptions.ZOOKEEPER_CONNECT_TIMEOUT_SECONDS.name() + ")");
        }
        return client;
    }
}
