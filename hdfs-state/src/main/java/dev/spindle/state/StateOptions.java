package dev.spindle.state;

import static dev.spindle.api.config.ConfigKey.atLeast;
import static dev.spindle.api.config.ConfigKey.notNegative;

import dev.spindle.api.config.ConfigKey;
import java.time.Duration;
import java.util.List;

/** The configuration keys of the durable store, declared once; {@code docs/configuration.md} is generated from them. */
public final class StateOptions {
    public static final ConfigKey<Integer> SNAPSHOT_EVERY_BATCHES = ConfigKey.ofInt(
            "spindle.state.snapshot-every-batches", 20, atLeast(1),
            "Every how many batches a task snapshots its RocksDB state (incrementally: only new SST files are "
                    + "uploaded). Between snapshots, each batch writes only a changelog of the keys it changed; a "
                    + "restore replays at most this many changelogs.");
    public static final ConfigKey<Long> SNAPSHOT_UPLOAD_BYTES_PER_SECOND = ConfigKey.ofLong(
            "spindle.state.snapshot-upload-bytes-per-second", 0L, atLeast(0L),
            "Bandwidth cap of each executor's snapshot uploads, in bytes per second; 0 for none.");
    public static final ConfigKey<Long> STATE_MEMORY_BYTES = ConfigKey.ofLong(
            "spindle.executor.state-memory", 256L * 1024 * 1024, atLeast(16L * 1024 * 1024),
            "Native memory of the RocksDB instances of one executor, in bytes: one shared block cache with "
                    + "the write buffers charged to it. Added to the executor's container request.");
    public static final ConfigKey<Integer> RETAIN = ConfigKey.ofInt(
            "spindle.checkpoint.retain", 100, atLeast(10),
            "How many of the newest commits the checkpoint keeps, with everything they name.");
    public static final ConfigKey<Integer> FALLBACK_DEPTH = ConfigKey.ofInt(
            "spindle.checkpoint.fallback-depth", 10, atLeast(1),
            "How many of the newest commits stay restorable, so that a damaged file can be survived by falling "
                    + "back to an older commit: GC keeps the snapshots and changelogs each of them needs.");
    public static final ConfigKey<Duration> GC_GRACE = ConfigKey.ofDuration(
            "spindle.checkpoint.gc-grace", Duration.ofMinutes(10), notNegative(),
            "GC deletes an unreferenced file only when it is older than this, so that files of attempts and "
                    + "uploads still in flight are never touched. A snapshot upload that takes longer than half of it is "
                    + "abandoned; a finished snapshot older than that is named by the next commit only if GC left all "
                    + "of its files.");

    public static final ConfigKey<Integer> SHUFFLE_REPLICATION = ConfigKey.ofInt(
            "spindle.shuffle.replication", 0, new ConfigKey.Rule<>(value -> value >= 0 && value <= Short.MAX_VALUE,
                    "must be from 0 to " + Short.MAX_VALUE),
            "Replication of the shuffle files a job with keyBy writes into the checkpoint; 0 for the file system's "
                    + "default (dfs.replication). Fewer copies make the shuffle cheaper to write; a shuffle file is "
                    + "read again after its batch commits only when a task after the shuffle falls back past a "
                    + "damaged changelog, and then a lost one fails that task.");

    private StateOptions() {}

    public static List<ConfigKey<?>> all() {
        return List.of(SNAPSHOT_EVERY_BATCHES, SNAPSHOT_UPLOAD_BYTES_PER_SECOND, STATE_MEMORY_BYTES,
                RETAIN, FALLBACK_DEPTH, GC_GRACE, SHUFFLE_REPLICATION);
    }
}
