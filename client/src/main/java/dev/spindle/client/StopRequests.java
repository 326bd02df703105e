package dev.spindle.client;

import dev.spindle.runtime.JobSpec;
import dev.spindle.runtime.coordination.JobZnodes;
import dev.spindle.runtime.coordination.Zk;
import dev.spindle.runtime.coordination.ZkMessages;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.apache.hadoop.yarn.api.records.ApplicationId;

/**
 * Asks a job on YARN to stop after its batch in flight: creates (or overwrites) the job's
 * {@code stop} znode naming the application, which its leading ApplicationMaster watches
 * (docs/protocol.md, "Graceful stop").
 */
public final class StopRequests {
    private StopRequests() {}

    public static void request(JobSpec spec, ApplicationId app, Function<String, String> conf) throws Exception {
        JobZnodes znodes = new JobZnodes(spec.zooKeeperRoot(), spec.jobName());
        try (CuratorFramework zk = Zk.connect(spec.zooKeeperConnect(), conf, znodes.base())) {
            zk.create().orSetData().creatingParentsIfNeeded().forPath(znodes.stop(),
                    ZkMessages.toBytes(new ZkMessages.StopRequest(app.toString())));
        }
    }
}
