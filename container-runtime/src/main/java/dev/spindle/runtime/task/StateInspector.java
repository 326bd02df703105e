package dev.spindle.runtime.task;

import dev.spindle.state.rocksdb.StateIterator;
import dev.spindle.state.rocksdb.TaskStateStore;
import java.util.ArrayList;
import java.util.List;

/** Reads a task's keyed state the way the engine laid it out: for tests and tools. */
public final class StateInspector {
    private StateInspector() {}

    /** An open window of one key: its end and key. */
    public record OpenWindow(long windowEnd, String key) {}

    /** A deduplication entry: its key and the event time of the value it remembers. */
    public record DedupEntry(String key, long eventTime) {}

    public static List<OpenWindow> openWindows(TaskStateStore store) {
        List<OpenWindow> windows = new ArrayList<>();
        try (StateIterator it = store.scan(StateKeys.start(StateKeys.WINDOW), StateKeys.start((byte) (StateKeys.WINDOW + 1)))) {
            for (; it.isValid(); it.next()) {
                windows.add(new OpenWindow(StateKeys.timeOf(it.key()), StateKeys.textOf(it.key())));
            }
        }
        return windows;
    }

    public static List<DedupEntry> dedupEntries(TaskStateStore store) {
        List<DedupEntry> entries = new ArrayList<>();
        try (StateIterator it = store.scan(StateKeys.start(StateKeys.DEDUP), StateKeys.start((byte) (StateKeys.DEDUP + 1)))) {
            for (; it.isValid(); it.next()) {
                entries.add(new DedupEntry(new String(it.key(), 1, it.key().length - 1,
                        java.nio.charset.StandardCharsets.UTF_8), StateKeys.decodeTime(it.value())));
            }
        }
        return entries;
    }
}
