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

    public static List<OpenWindow> openWindows(TaskStateStore store) {
        List<OpenWindow> windows = new ArrayList<>();
        try (StateIterator it = store.scan(StateKeys.start(StateKeys.WINDOW), StateKeys.start((byte) (StateKeys.WINDOW + 1)))) {
            for (; it.isValid(); it.next()) {
                windows.add(new OpenWindow(StateKeys.timeOf(it.key()), StateKeys.textOf(it.key())));
            }
        }
        return windows;
    }
}
