package dev.spindle.runtime;

import static dev.spindle.api.config.ConfigKey.atLeast;

import dev.spindle.api.config.ConfigKey;
import dev.spindle.runtime.source.OnDataLoss;
import java.util.List;

/** The configuration keys of the engine, declared once; {@code docs/configuration.md} is generated from them. */
public final class EngineOptions {
    public static final ConfigKey<Long> MAX_RECORDS_PER_BATCH = ConfigKey.ofLong(
            "spindle.source.max-records-per-batch", 10_000L, atLeast(1L),
            "The most records one batch reads over all partitions; split between partitions in proportion to "
                    + "their backlog (largest remainder, ties to the lower partition).");
    public static final ConfigKey<Integer> EXECUTORS = ConfigKey.ofInt("spindle.executors", 2, atLeast(1),
            "Executor containers of a job on YARN. Tasks (one per input partition) are spread over them and stay "
                    + "where they are; each task has its own thread. Local mode runs every task on its own thread "
                    + "in one JVM and does not read this.");
    public static final ConfigKey<Integer> GC_EVERY_BATCHES = ConfigKey.ofInt(
            "spindle.checkpoint.gc-every-batches", 10, atLeast(1),
            "The leader garbage-collects the checkpoint after every this many batches.");
    public static final ConfigKey<String> LOCAL_DIR = ConfigKey.ofString("spindle.executor.local-dir", "",
            "Where executors keep their RocksDB instances and SST cache; empty: the JVM's temporary directory.");

    public static final ConfigKey<Long> INDEX_MEMORY_BYTES = ConfigKey.ofLong("spindle.executor.index-memory",
            256L * 1024 * 1024, atLeast(0L),
            "Heap of one executor, in bytes, for the state its tasks keep in memory: deduplication entries (about "
                    + "60 bytes per live entry plus its key) and open windows (about 90 bytes per window plus its "
                    + "key and accumulator). A batch that finds them over this fails the job with an error naming "
                    + "this setting. Part of the executor's heap (spindle.yarn.executor.memory-mb), not added to it.");

    public static final ConfigKey<OnDataLoss> ON_DATA_LOSS = ConfigKey.ofEnum("spindle.source.on-data-loss",
            OnDataLoss.class, OnDataLoss.FAIL,
            "What a job does when offsets it has yet to read are gone from Kafka (retention deleted them while it "
                    + "was down or behind): `fail` stops it with one line naming the partition and offsets; `skip` goes "
                    + "on from the partition's first offset and counts the offsets it skipped (`offsets_skipped` in "
                    + "the commit, the run summary and the metrics).");

    private EngineOptions() {}

    public static List<ConfigKey<?>> all() {
        return List.of(MAX_RECORDS_PER_BATCH, ON_DATA_LOSS, EXECUTORS, GC_EVERY_BATCHES, LOCAL_DIR, INDEX_MEMORY_BYTES);
    }
}
