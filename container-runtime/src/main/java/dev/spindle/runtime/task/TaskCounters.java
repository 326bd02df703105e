package dev.spindle.runtime.task;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one task did in one batch. Every record read counts in exactly one of malformed,
 * filtered, late, duplicate and accepted, decided in that order; a job with a flat-map counts
 * values from it on, and each value a flat-map adds beyond the first counts in {@code
 * records_expanded}: {@code records_in + records_expanded = malformed + filtered + late +
 * duplicate + accepted}. Offsets that were gone from
 * Kafka when the task read them, and that it skipped ({@code spindle.source.on-data-loss=skip}),
 * count in {@code offsets_skipped}.
 */
public final class TaskCounters {
    public static final String[] NAMES = {"records_in", "records_malformed", "records_filtered", "records_late",
        "records_duplicate", "records_accepted", "rows_out", "dead_letters", "offsets_skipped", "records_shuffled_out",
        "records_shuffled_in", "records_expanded"};

    long recordsIn;
    long malformed;
    long filtered;
    long late;
    long duplicate;
    long accepted;
    long rowsOut;
    long deadLetters;
    long offsetsSkipped;
    /** Values a task sent into the shuffle; values a task of the next stage read from it. */
    long shuffledOut;
    long shuffledIn;
    /** Values a flat-map made beyond the first of each value it took. */
    long expanded;
    /** The largest event time accepted in this batch, or null. */
    Long maxAcceptedEventTime;
    /** Milliseconds spent opening the state, reading and processing; and persisting (changelog, staged output). */
    long processMillis;
    long persistMillis;
    /**
     * Not counters but figures of the attempt: bytes of the task's state when it ran (RocksDB's live
     * SST files and the in-memory indexes), bytes the snapshot its report names uploaded (0: names
     * none), and why its restore fell back to an older commit (null: it did not restore, or reached
     * its target).
     */
    long stateBytes;
    long snapshotBytes;
    String restoreFallback;

    /** The counters as commit properties. */
    public Map<String, String> toProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        long[] values = {recordsIn, malformed, filtered, late, duplicate, accepted, rowsOut, deadLetters, offsetsSkipped, shuffledOut,
            shuffledIn, expanded};
        for (int i = 0; i < NAMES.length; i++) {
            properties.put(NAMES[i], Long.toString(values[i]));
        }
        if (maxAcceptedEventTime != null) {
            properties.put("max_accepted_event_time", Long.toString(maxAcceptedEventTime));
        }
        properties.put("process_ms", Long.toString(processMillis));
        properties.put("persist_ms", Long.toString(persistMillis));
        properties.put("state_bytes", Long.toString(stateBytes));
        properties.put("snapshot_bytes", Long.toString(snapshotBytes));
        if (restoreFallback != null) {
            properties.put("restore_fallback", restoreFallback);
        }
        return properties;
    }

    /** The counters a remote attempt reported, from their properties. */
    public static TaskCounters fromProperties(Map<String, String> properties) {
        TaskCounters counters = new TaskCounters();
        long[] values = new long[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            values[i] = Long.parseLong(properties.getOrDefault(NAMES[i], "0"));
        }
        counters.recordsIn = values[0];
        counters.malformed = values[1];
        counters.filtered = values[2];
        counters.late = values[3];
        counters.duplicate = values[4];
        counters.accepted = values[5];
        counters.rowsOut = values[6];
        counters.deadLetters = values[7];
        counters.offsetsSkipped = values[8];
        counters.shuffledOut = values[9];
        counters.shuffledIn = values[10];
        counters.expanded = values[11];
        String max = properties.get("max_accepted_event_time");
        counters.maxAcceptedEventTime = max == null ? null : Long.parseLong(max);
        counters.processMillis = Long.parseLong(properties.getOrDefault("process_ms", "0"));
        counters.persistMillis = Long.parseLong(properties.getOrDefault("persist_ms", "0"));
        counters.stateBytes = Long.parseLong(properties.getOrDefault("state_bytes", "0"));
        counters.snapshotBytes = Long.parseLong(properties.getOrDefault("snapshot_bytes", "0"));
        counters.restoreFallback = properties.get("restore_fallback");
        return counters;
    }

    /** Counts an accepted value. */
    void accept(long eventTime) {
        accepted++;
        maxAcceptedEventTime = maxAcceptedEventTime == null ? eventTime : Math.max(maxAcceptedEventTime, eventTime);
    }

    public long recordsIn() {
        return recordsIn;
    }

    public Long maxAcceptedEventTime() {
        return maxAcceptedEventTime;
    }
}
