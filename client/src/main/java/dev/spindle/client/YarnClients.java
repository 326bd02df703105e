package dev.spindle.client;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/** YarnClients for the command line: they give up on an unreachable ResourceManager in seconds, not minutes. */
final class YarnClients {
    private YarnClients() {}

    /** @throws IOException one line naming the ResourceManager when it does not answer */
    static YarnClient connect(Configuration base) throws IOException {
        YarnConfiguration conf = new YarnConfiguration(base);
        conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 10_000);
        conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 1_000);
        conf.setInt("ipc.client.connect.max.retries", 2);
        conf.setInt("ipc.client.connect.max.retries.on.timeouts", 2);
        YarnClient yarn = YarnClient.createYarnClient();
        yarn.init(conf);
        yarn.start();
        try {
            yarn.getYarnClusterMetrics();
            return yarn;
        } catch (Exception e) {
            yarn.stop();
            throw new IOException("cannot reach the ResourceManager at " + conf.get(YarnConfiguration.RM_ADDRESS)
                    + ": " + e.getClass().getSimpleName());
        }
    }
}
