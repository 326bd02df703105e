package dev.spindle.appmaster;

import static dev.spindle.api.config.ConfigKey.atLeast;

import dev.spindle.api.config.ConfigKey;
import java.util.List;

/** The configuration keys of a job on YARN, declared once; {@code docs/configuration.md} is generated from them. */
public final class AppMasterOptions {
    public static final ConfigKey<Integer> EXECUTOR_MEMORY_MB = ConfigKey.ofInt("spindle.yarn.executor.memory-mb", 768,
            atLeast(128), "JVM heap of an executor container, in MB. The container requests this plus "
                    + "spindle.executor.state-memory plus 25 % overhead.");
    public static final ConfigKey<Integer> EXECUTOR_VCORES = ConfigKey.ofInt("spindle.yarn.executor.vcores", 1,
            atLeast(1), "Virtual cores of an executor container.");
    public static final ConfigKey<Integer> AM_MEMORY_MB = ConfigKey.ofInt("spindle.yarn.am.memory-mb", 512,
            atLeast(128), "JVM heap of the ApplicationMaster container, in MB (the container gets 25 % more).");
    public static final ConfigKey<String> QUEUE = ConfigKey.ofString("spindle.yarn.queue", "default",
            "The YARN queue the application is submitted to.");
    public static final ConfigKey<Integer> PRIORITY = ConfigKey.ofInt("spindle.yarn.priority", 0, atLeast(0),
            "The application's priority in its queue (higher runs first where the scheduler orders by priority).");
    public static final ConfigKey<String> AM_NODE_LABEL = ConfigKey.ofString("spindle.yarn.am.node-label", "",
            "Node label expression for the ApplicationMaster's container; empty: the queue's default.");
    public static final ConfigKey<String> EXECUTOR_NODE_LABEL = ConfigKey.ofString("spindle.yarn.executor.node-label",
            "", "Node label expression for executor containers; empty: the queue's default.");
    public static final ConfigKey<String> TAGS = ConfigKey.ofString("spindle.yarn.tags", "",
            "More application tags, comma-separated, besides the job's name (which is always a tag), for "
                    + "yarn application -list and the ResourceManager's search.");
    public static final ConfigKey<Integer> AM_ATTEMPTS = ConfigKey.ofInt("spindle.yarn.am.max-attempts", 2,
            atLeast(1), "How many ApplicationMaster attempts YARN makes (capped by the cluster's maximum).");
    public static final ConfigKey<Integer> MAX_EXECUTOR_FAILURES = ConfigKey.ofInt(
            "spindle.yarn.executor.max-consecutive-failures", 8, atLeast(1),
            "The job fails when this many executor containers in a row exit before the run ends.");

    private AppMasterOptions() {}

    public static final ConfigKey<String> LIB_CACHE = ConfigKey.ofString("spindle.yarn.lib-cache", "",
            "A directory on the cluster's file system where spindle-submit keeps Spindle's own jars (lib/), one "
                    + "subdirectory per distinct set of jars, uploaded once instead of with every application. When "
                    + "the jars are world-readable there (the directory and its parents world-executable), "
                    + "NodeManagers localize them once for all applications (PUBLIC visibility). The job's jar, "
                    + "spec and credentials are never put there. Empty: ship the jars with each application.");

    public static List<ConfigKey<?>> all() {
        return List.of(EXECUTOR_MEMORY_MB, EXECUTOR_VCORES, AM_MEMORY_MB, QUEUE, PRIORITY, AM_NODE_LABEL,
                EXECUTOR_NODE_LABEL, TAGS, AM_ATTEMPTS, MAX_EXECUTOR_FAILURES, LIB_CACHE);
    }

    /** The container size of an executor: heap, RocksDB's native budget, and overhead. */
    public static int executorContainerMb(int heapMb, long stateMemoryBytes) {
        long stateMb = stateMemoryBytes / (1024 * 1024);
        return (int) Math.ceil((heapMb + stateMb) * 1.25);
    }
}
