package dev.spindle.runtime.task;

import dev.spindle.state.rocksdb.StateIterator;
import dev.spindle.state.rocksdb.TaskStateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a task's keyed state the way the engine laid it out: for tests and tools. */
public final class StateInspector {
    private StateInspector() {}

    /** An open window of one key: its end and key. */
    public record OpenWindow(long windowEnd, String key) {}

    /** The windows of a RocksDB that holds a task's whole state: those after its emitted-through mark. */
    public static List<OpenWindow> openWindows(TaskStateStore store) throws IOException {
        List<OpenWindow> windows = new ArrayList<>();
        Long emittedThrough = emittedThrough(store);
        try (StateIterator it = store.scan(emittedThrough == null ? StateKeys.start(StateKeys.WINDOW)
                : StateKeys.after(StateKeys.WINDOW, emittedThrough), StateKeys.start((byte) (StateKeys.WINDOW + 1)))) {
            for (; it.isValid(); it.next()) {
                windows.add(new OpenWindow(StateKeys.timeOf(it.key()), StateKeys.textOf(it.key())));
            }
        }
        return windows;
    }

    /** An open session of one key: its end and key. */
    public record OpenSession(long sessionEnd, String key) {}

    /** The open sessions of a RocksDB that holds a task's whole state, in (end, key bytes) order. */
    public static List<OpenSession> openSessions(TaskStateStore store) throws IOException {
        List<OpenSession> sessions = new ArrayList<>();
        try (StateIterator it = store.scan(StateKeys.start(StateKeys.SESSION_END),
                StateKeys.start((byte) (StateKeys.SESSION_END + 1)))) {
            for (; it.isValid(); it.next()) {
                sessions.add(new OpenSession(StateKeys.timeOf(it.key()), StateKeys.textOf(it.key())));
            }
        }
        return sessions;
    }

    /** The watermark through which the task emitted windows (every window ending by it is dead), or null. */
    static Long emittedThrough(TaskStateStore store) throws IOException {
        byte[] mark = store.get(StateKeys.start(StateKeys.EMITTED_THROUGH));
        return mark == null ? null : StateKeys.decodeTime(mark);
    }
}
