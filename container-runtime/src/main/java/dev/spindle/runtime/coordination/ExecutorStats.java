package dev.spindle.runtime.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Json;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * An executor's JVM as it was when it reported a task attempt: heap used and its limit, time and
 * count of garbage collection, CPU time of the process, and the plans of a deposed leader it
 * refused (stale epochs). The leader turns them into the executor-labelled metrics.
 */
public record ExecutorStats(String executor, long heapUsedBytes, long heapMaxBytes, long gcCount, long gcMillis,
        long cpuMillis, long stalePlansRefused) {

    /** This JVM now, for executor {@code executor}. */
    public static ExecutorStats sample(String executor, long stalePlansRefused) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, collector.getCollectionCount());
            gcMillis += Math.max(0, collector.getCollectionTime());
        }
        long cpuNanos = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return new ExecutorStats(executor, heap.getUsed(), heap.getMax(), gcCount, gcMillis,
                cpuNanos < 0 ? 0 : cpuNanos / 1_000_000, stalePlansRefused);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("executor", executor);
        node.put("heap_used_bytes", heapUsedBytes);
        node.put("heap_max_bytes", heapMaxBytes);
        node.put("gc_count", gcCount);
        node.put("gc_ms", gcMillis);
        node.put("cpu_ms", cpuMillis);
        node.put("stale_plans_refused", stalePlansRefused);
        return node;
    }

    public static ExecutorStats fromJson(JsonNode node, String where) throws CorruptFileException {
        return new ExecutorStats(Json.requireText(node, "executor", where), Json.requireLong(node, "heap_used_bytes", where),
                Json.requireLong(node, "heap_max_bytes", where), Json.requireLong(node, "gc_count", where),
                Json.requireLong(node, "gc_ms", where), Json.requireLong(node, "cpu_ms", where),
                Json.requireLong(node, "stale_plans_refused", where));
    }
}
