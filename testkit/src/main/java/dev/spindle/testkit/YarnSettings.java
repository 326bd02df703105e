package dev.spindle.testkit;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/** The YARN settings of the test cluster: small containers, quick heartbeats, no resource policing. */
final class YarnSettings {
    private YarnSettings() {}

    static YarnConfiguration forMiniCluster(Configuration hdfsConf, SpindleTestCluster.Builder options,
            boolean kerberos) throws IOException {
        YarnConfiguration conf = new YarnConfiguration(hdfsConf);
        // The ResourceManager's ports are chosen here, not left to bind as port 0: it hands out
        // its web proxy's address in every application's tracking URL from its configuration,
        // which with MiniYARNCluster's ephemeral ports says http://localhost:0/proxy/...
        conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_FIXED_PORTS, true);
        for (String address : List.of(YarnConfiguration.RM_ADDRESS, YarnConfiguration.RM_SCHEDULER_ADDRESS,
                YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, YarnConfiguration.RM_ADMIN_ADDRESS,
                YarnConfiguration.RM_WEBAPP_ADDRESS, YarnConfiguration.RM_WEBAPP_HTTPS_ADDRESS)) {
            conf.set(address, "localhost:" + FreePorts.loopback());
        }
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, options.nodeManagerMemoryMb);
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, options.nodeManagerMemoryMb);
        conf.setInt(YarnConfiguration.NM_PMEM_MB, options.nodeManagerMemoryMb);
        conf.setInt(YarnConfiguration.NM_VCORES, options.nodeManagerVcores);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, options.nodeManagerVcores);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        // Two attempts, so that tests can kill an ApplicationMaster and watch the next one take over.
        conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 2);
        // Build machines often have fuller disks than the 90 % that marks a NodeManager unhealthy.
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.0f);
        conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 1.0f);
        // Allocations happen on NodeManager heartbeats: beat often so tests do not wait a second each time.
        conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
        // As on a production cluster, a finished application's container logs are aggregated to
        // HDFS (/tmp/logs), where `yarn logs -applicationId` reads them.
        // Not on a Kerberos cluster: aggregation runs with the application's tokens, which tests let
        // expire within seconds (a production RM renews them with proxy-user privileges).
        conf.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, !kerberos);
        conf.set(YarnConfiguration.NM_REMOTE_APP_LOG_DIR, "/tmp/logs");
        // They also stay in the NodeManagers' log dirs until the cluster closes, for tests that read
        // them there: log deletion is due at once (so a stopping NodeManager has no pending deletion
        // to wait 10 s for) and the deletion service never deletes (-1).
        conf.setLong(YarnConfiguration.NM_LOG_RETAIN_SECONDS, 0);
        conf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, -1);
        // Containers start Java through $JAVA_HOME, whatever the environment that started the tests.
        conf.set(YarnConfiguration.NM_ADMIN_USER_ENV,
                "MALLOC_ARENA_MAX=4,JAVA_HOME=" + System.getProperty("java.home"));
        options.hadoopSettings.forEach(conf::set);
        return conf;
    }
}
