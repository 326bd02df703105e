package dev.spindle.testkit;

import java.util.List;

/**
 * Threads that libraries start once per JVM, in static singletons, and keep for its life (or
 * until idle): not a leak of one cluster, since a second cluster reuses them.
 */
final class JvmWideThreads {
    private static final List<String> NAME_PREFIXES = List.of(
            "process reaper",                       // JDK: reaps child processes (idle timeout)
            "ForkJoinPool",                         // JDK common pool; HDFS BlockPoolSlice's static pool (idle timeout)
            "org.apache.hadoop.fs.FileSystem$Statistics$StatisticsDataReferenceCleaner",
            "org.apache.hadoop.hdfs.PeerCache@",    // HDFS client's static ClientContext cache
            "SSL Certificates Store Monitor",       // HDFS URLConnectionFactory's static default factory
            "MutableQuantiles-",                    // Hadoop metrics' static scheduler
            "Container metrics unregistration",     // YARN ContainerMetrics' static timer
            "metrics-meter-tick-thread-");          // Yammer metrics' default registry (Kafka)

    private JvmWideThreads() {}

    static boolean isJvmWide(Thread thread) {
        return NAME_PREFIXES.stream().anyMatch(thread.getName()::startsWith);
    }
}
