package dev.spindle.appmaster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor containers of the job. YARN's callbacks only enqueue; the AM's loop
 * ({@link AmLoop}) owns the pool's state (requested, running, failed), keeps {@code wanted}
 * executors running, replaces those that exit, and gives up after too many consecutive failures.
 * Other threads read the set of live executors through a published snapshot.
 */
final class ExecutorPool implements YarnCallbacks.ContainerEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorPool.class);
    private static final Priority PRIORITY = Priority.newInstance(1);

    private final AMRMClientAsync<ContainerRequest> resourceManager;
    private final NMClientAsync nodeManager;
    private final Resource size;
    /** The executors' node label expression, or null. */
    private final String nodeLabel;
    private final Supplier<ContainerLaunchContext> launchContext;
    private final int maxConsecutiveFailures;
    private final AmLoop events;
    // owned by the loop
    private final Map<ContainerId, Container> running = new HashMap<>();
    private int requested;
    private volatile int wanted;
    private int consecutiveFailures;
    private boolean stopping;
    private final Deque<Exit> exits = new ArrayDeque<>();
    // published to other threads
    private volatile Set<String> live = Set.of();
    private volatile List<Executor> executors = List.of();
    private volatile List<Exit> recentExits = List.of();
    private final AtomicLong lost = new AtomicLong();
    private volatile String failure;

    /** A running executor, as the tracking page lists it. */
    record Executor(String container, String node, String logs) {}

    /** An executor container that ended while the job ran: when, its exit status and YARN's diagnostics. */
    record Exit(String container, String node, long atMillis, int exitStatus, String diagnostics) {}

    private static final int KEPT_EXITS = 20;

    ExecutorPool(AmLoop loop, AMRMClientAsync<ContainerRequest> resourceManager, NMClientAsync nodeManager,
            Resource size, String nodeLabel, Supplier<ContainerLaunchContext> launchContext, int maxConsecutiveFailures) {
        this.events = loop;
        this.resourceManager = resourceManager;
        this.nodeManager = nodeManager;
        this.size = size;
        this.nodeLabel = nodeLabel == null || nodeLabel.isBlank() ? null : nodeLabel;
        this.launchContext = launchContext;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
    }

    /** Executors kept from an earlier AM attempt (YARN keeps containers across attempts). */
    void adopt(List<Container> previous) {
        events.execute(() -> {
            previous.forEach(container -> running.put(container.getId(), container));
            LOG.info("Adopted {} executor containers of the previous attempt", previous.size());
            publish();
        });
    }

    /** Keeps {@code count} executors running from now on. */
    void ensure(int count) {
        wanted = count;
        events.execute(this::requestMissing);
    }

    /** YARN allocated containers (from the resource manager's callback thread). */
    @Override
    public void allocated(List<Container> containers) {
        events.execute(() -> {
            for (Container container : containers) {
                requested = Math.max(0, requested - 1);
                if (stopping || running.size() >= wanted) {
                    resourceManager.releaseAssignedContainer(container.getId());
                    continue;
                }
                resourceManager.removeContainerRequest(request());
                running.put(container.getId(), container);
                nodeManager.startContainerAsync(container, launchContext.get());
                LOG.info("Launching executor {} on {}", container.getId(), container.getNodeId());
            }
            publish();
        });
    }

    /** Containers ended (from the resource manager's callback thread). */
    @Override
    public void completed(List<ContainerStatus> statuses) {
        events.execute(() -> {
            for (ContainerStatus status : statuses) {
                Container ended = running.remove(status.getContainerId());
                if (ended == null) {
                    continue;
                }
                if (stopping) {
                    continue;
                }
                lost.incrementAndGet();
                exits.addFirst(new Exit(ended.getId().toString(), ended.getNodeId().toString(), System.currentTimeMillis(),
                        status.getExitStatus(), status.getDiagnostics() == null ? "" : status.getDiagnostics().trim()));
                while (exits.size() > KEPT_EXITS) {
                    exits.removeLast();
                }
                recentExits = List.copyOf(exits);
                consecutiveFailures++;
                LOG.warn("Executor {} exited: {}", status.getContainerId(), describe(status));
                if (consecutiveFailures >= maxConsecutiveFailures) {
                    failure = consecutiveFailures + " executor containers in a row exited; the last: "
                            + describe(status);
                }
            }
            publish();
            requestMissing();
        });
    }

    /**
     * Stops an executor's container that YARN still runs but that no longer takes part (paused,
     * hung, or cut off from ZooKeeper for good); its completion then brings a replacement.
     */
    void stop(String containerId, String reason) {
        events.execute(() -> {
            for (Container container : running.values()) {
                if (container.getId().toString().equals(containerId)) {
                    LOG.warn("Stopping executor {}: {}", containerId, reason);
                    nodeManager.stopContainerAsync(container.getId(), container.getNodeId());
                }
            }
        });
    }

    /** The NodeManager could not start a container: give it back and count it as a failed executor. */
    @Override
    public void startFailed(ContainerId id, String cause) {
        events.execute(() -> {
            if (running.remove(id) == null) {
                return;
            }
            resourceManager.releaseAssignedContainer(id);
            consecutiveFailures++;
            LOG.warn("Executor {} did not start: {}", id, cause);
            if (consecutiveFailures >= maxConsecutiveFailures) {
                failure = consecutiveFailures + " executor containers in a row failed; the last did not start: " + cause;
            }
            publish();
            requestMissing();
        });
    }

    /** An executor reported work: the failure streak is over. */
    void executorWorked() {
        events.execute(() -> consecutiveFailures = 0);
    }

    /** An executor container: the executors' size, anywhere, on nodes of the configured label if any. */
    private ContainerRequest request() {
        return new ContainerRequest(size, null, null, PRIORITY, true, nodeLabel);
    }

    private void requestMissing() {
        if (stopping || failure != null) {
            return;
        }
        for (int missing = wanted - running.size() - requested; missing > 0; missing--) {
            resourceManager.addContainerRequest(request());
            requested++;
        }
    }

    private void publish() {
        Set<String> ids = new HashSet<>();
        running.keySet().forEach(id -> ids.add(id.toString()));
        live = Set.copyOf(ids);
        String user = System.getenv().getOrDefault("USER", "");
        List<Executor> list = new ArrayList<>();
        for (Container container : running.values()) {
            list.add(new Executor(container.getId().toString(), container.getNodeId().toString(),
                    "http://" + container.getNodeHttpAddress() + "/node/containerlogs/" + container.getId() + "/" + user));
        }
        list.sort(java.util.Comparator.comparing(Executor::container));
        executors = List.copyOf(list);
    }

    /** The executors running now, by container id. */
    List<Executor> executors() {
        return executors;
    }

    /** The last executor containers that ended while the job ran, newest first. */
    List<Exit> recentExits() {
        return recentExits;
    }

    /** Executor containers that ended while the job ran (killed, crashed, stopped as hung): churn. */
    long lost() {
        return lost.get();
    }

    /** How many executors the pool keeps running. */
    int wanted() {
        return wanted;
    }

    /** The container ids of the executors running now. */
    Set<String> live() {
        return live;
    }

    /** Why the pool gave up, if it did. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Stops replacing executors and stops the running ones. */
    void stopAll() throws Exception {
        events.call(() -> {
            stopping = true;
            for (Container container : new ArrayList<>(running.values())) {
                nodeManager.stopContainerAsync(container.getId(), container.getNodeId());
            }
            return null;
        }).get();
    }

    /** Turns a container's exit into words (the pattern of Flink's getContainerCompletedCause). */
    static String describe(ContainerStatus status) {
        String cause = switch (status.getExitStatus()) {
            case ContainerExitStatus.KILLED_BY_APPMASTER -> "stopped by the ApplicationMaster";
            case ContainerExitStatus.PREEMPTED -> "preempted by YARN";
            case ContainerExitStatus.DISKS_FAILED -> "its node's disks failed";
            case ContainerExitStatus.KILLED_EXCEEDED_PMEM -> "killed for exceeding its physical memory";
            case ContainerExitStatus.KILLED_EXCEEDED_VMEM -> "killed for exceeding its virtual memory";
            case 137 -> "killed by SIGKILL (exit 137)";
            case 143 -> "terminated by SIGTERM (exit 143)";
            default -> "exit status " + status.getExitStatus();
        };
        String diagnostics = status.getDiagnostics() == null ? "" : status.getDiagnostics().trim().split("\n")[0];
        return status.getContainerId() + " " + cause + (diagnostics.isEmpty() ? "" : " (" + diagnostics + ")");
    }
}
