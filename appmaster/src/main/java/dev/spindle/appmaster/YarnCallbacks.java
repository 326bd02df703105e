package dev.spindle.appmaster;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** YARN's callbacks: each one only hands the event to the pool's event loop. */
final class YarnCallbacks extends NMClientAsync.AbstractCallbackHandler implements AMRMClientAsync.CallbackHandler {
    private static final Logger LOG = LoggerFactory.getLogger(YarnCallbacks.class);

    volatile ExecutorPool pool;

    @Override
    public void onContainersAllocated(List<Container> containers) {
        pool.allocated(containers);
    }

    @Override
    public void onContainersCompleted(List<ContainerStatus> statuses) {
        pool.completed(statuses);
    }

    @Override
    public void onShutdownRequest() {
        LOG.warn("The ResourceManager asks this ApplicationMaster to shut down");
    }

    @Override
    public void onNodesUpdated(List<NodeReport> nodes) {}

    @Override
    public float getProgress() {
        return 0.5f;
    }

    @Override
    public void onError(Throwable e) {
        LOG.error("ResourceManager client error", e);
    }

    @Override
    public void onContainerStarted(ContainerId id, Map<String, ByteBuffer> services) {}

    @Override
    public void onContainerStatusReceived(ContainerId id, ContainerStatus status) {}

    @Override
    public void onContainerStopped(ContainerId id) {}

    @Override
    public void onStartContainerError(ContainerId id, Throwable t) {
        pool.startFailed(id, t.getMessage());
    }

    @Override
    public void onContainerResourceIncreased(ContainerId id, org.apache.hadoop.yarn.api.records.Resource resource) {}

    @Override
    public void onContainerResourceUpdated(ContainerId id, org.apache.hadoop.yarn.api.records.Resource resource) {}

    @Override
    public void onGetContainerStatusError(ContainerId id, Throwable t) {}

    @Override
    public void onIncreaseContainerResourceError(ContainerId id, Throwable t) {}

    @Override
    public void onUpdateContainerResourceError(ContainerId id, Throwable t) {}

    @Override
    public void onStopContainerError(ContainerId id, Throwable t) {}
}
