package dev.spindle.appmaster;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * YARN's callbacks. Container events only go to the pool's event loop; events that arrive before
 * the pool exists (the first heartbeat can come as soon as the AM registers) are kept and handed
 * over when it is {@link #bind bound}. Nothing a callback does may throw: Hadoop's async clients
 * stop calling back after an exception, so a failure is recorded instead. The ResourceManager
 * asking the AM to shut down, or its client failing, ends the attempt: the callback records why
 * and interrupts the AM's main thread, which then ends as {@link #fatal} says.
 */
final class YarnCallbacks extends NMClientAsync.AbstractCallbackHandler implements AMRMClientAsync.CallbackHandler {
    private static final Logger LOG = LoggerFactory.getLogger(YarnCallbacks.class);

    /** Where container events go: the executor pool. */
    interface ContainerEvents {
        void allocated(List<Container> containers);

        void completed(List<ContainerStatus> statuses);

        void startFailed(ContainerId id, String cause);
    }

    /** Why the attempt must end, as a callback found. */
    record Fatal(String reason, boolean shutdownRequested) {}

    private final Thread mainThread;
    private final List<Consumer<ContainerEvents>> early = new ArrayList<>();
    private ContainerEvents events; // guarded by this
    private volatile Fatal fatal;
    private volatile java.util.function.DoubleSupplier progress = () -> 0;

    /** @param mainThread interrupted when the ResourceManager connection ends */
    YarnCallbacks(Thread mainThread) {
        this.mainThread = mainThread;
    }

    /** From now on container events go to {@code events}, those received before first. */
    synchronized void bind(ContainerEvents bound) {
        early.forEach(event -> event.accept(bound));
        early.clear();
        events = bound;
    }

    /** Why the attempt must end, once a callback found a reason. */
    Optional<Fatal> fatal() {
        return Optional.ofNullable(fatal);
    }

    private void deliver(String what, Consumer<ContainerEvents> event) {
        try {
            synchronized (this) {
                if (events == null) {
                    early.add(event);
                    return;
                }
            }
            event.accept(events);
        } catch (RuntimeException | Error e) {
            end(new Fatal("the ApplicationMaster failed to handle " + what + ": " + e, false), e);
        }
    }

    private void end(Fatal reason, Throwable cause) {
        if (fatal == null) {
            fatal = reason;
            LOG.error("Ending this ApplicationMaster attempt: {}", reason.reason(), cause);
            mainThread.interrupt();
        }
    }

    @Override
    public void onContainersAllocated(List<Container> containers) {
        deliver("allocated containers", events -> events.allocated(containers));
    }

    @Override
    public void onContainersCompleted(List<ContainerStatus> statuses) {
        deliver("completed containers", events -> events.completed(statuses));
    }

    @Override
    public void onStartContainerError(ContainerId id, Throwable t) {
        deliver("a container that did not start", events -> events.startFailed(id, String.valueOf(t.getMessage())));
    }

    @Override
    public void onShutdownRequest() {
        end(new Fatal("the ResourceManager asked this ApplicationMaster to shut down", true), null);
    }

    @Override
    public void onError(Throwable e) {
        end(new Fatal("the ResourceManager client failed: " + e.getMessage(), false), e);
    }

    @Override
    public void onNodesUpdated(List<NodeReport> nodes) {}

    @Override
    public float getProgress() {
        return Math.max(0f, Math.min(1f, (float) progress.getAsDouble()));
    }

    /** What {@link #getProgress} reports on each heartbeat (0 until the job runs). */
    void progress(java.util.function.DoubleSupplier progress) {
        this.progress = progress;
    }

    @Override
    public void onContainerStarted(ContainerId id, Map<String, ByteBuffer> services) {}

    @Override
    public void onContainerStatusReceived(ContainerId id, ContainerStatus status) {}

    @Override
    public void onContainerStopped(ContainerId id) {}

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
