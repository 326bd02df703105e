package dev.spindle.runtime.task;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one task did in one batch. Every record read counts in exactly one of malformed,
 * filtered, late, duplicate and accepted, decided in that order.
 */
public final class TaskCounters {
    public static final String[] NAMES = {"records_in", "records_malformed", "records_filtered", "records_late",
        "records_duplicate", "records_accepted", "rows_out", "dead_letters"};

    long recordsIn;
    long malformed;
    long filtered;
    long late;
    long duplicate;
    long accepted;
    long rowsOut;
    long deadLetters;
    /** The largest event time accepted in this batch, or null. */
    Long maxAcceptedEventTime;
    /** Milliseconds spent opening the state, reading and processing; and persisting (changelog, staged output). */
    long processMillis;
    long persistMillis;

    /** The counters as commit properties. */
    public Map<String, String> toProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        long[] values = {recordsIn, malformed, filtered, late, duplicate, accepted, rowsOut, deadLetters};
        for (int i = 0; i < NAMES.length; i++) {
            properties.put(NAMES[i], Long.toString(values[i]));
        }
        if (maxAcceptedEventTime != null) {
            properties.put("max_accepted_event_time", Long.toString(maxAcceptedEventTime));
        }
        properties.put("process_ms", Long.toString(processMillis));
        properties.put("persist_ms", Long.toString(persistMillis));
        return properties;
    }

    public long recordsIn() {
        return recordsIn;
    }

    public Long maxAcceptedEventTime() {
        return maxAcceptedEventTime;
    }
}
