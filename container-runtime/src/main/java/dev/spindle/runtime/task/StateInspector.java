package dev.spindle.runtime.task;

import dev.spindle.api.KeyBytes;
import dev.spindle.api.process.StateSpec;
import dev.spindle.api.process.TimeDomain;
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

    /** A set timer of one key. */
    public record SetTimer(TimeDomain domain, long time, String key) {}

    /** The timers a process function set and that have not fired, event time first, each in (time, key bytes) order. */
    public static List<SetTimer> timers(TaskStateStore store) throws IOException {
        List<SetTimer> timers = new ArrayList<>();
        for (byte kind : new byte[] {StateKeys.EVENT_TIMER, StateKeys.PROCESSING_TIMER}) {
            TimeDomain domain = kind == StateKeys.EVENT_TIMER ? TimeDomain.EVENT_TIME : TimeDomain.PROCESSING_TIME;
            try (StateIterator it = store.scan(StateKeys.start(kind), StateKeys.start((byte) (kind + 1)))) {
                for (; it.isValid(); it.next()) {
                    timers.add(new SetTimer(domain, StateKeys.timeOf(it.key()), StateKeys.textOf(it.key())));
                }
            }
        }
        return timers;
    }

    /**
     * A process function's state entry of one key: the state's name, the key, when it was last
     * written (on its TTL's clock; 0 without a TTL) and its stored size.
     */
    public record ProcessState(String state, String key, long written, int bytes) {}

    /** The process function's state entries, in (state, key bytes) order; {@code states} as the job declares them. */
    public static List<ProcessState> processStates(TaskStateStore store, List<StateSpec> states) throws IOException {
        List<ProcessState> entries = new ArrayList<>();
        try (StateIterator it = store.scan(StateKeys.start(StateKeys.PROCESS_STATE),
                StateKeys.start((byte) (StateKeys.PROCESS_STATE + 1)))) {
            for (; it.isValid(); it.next()) {
                byte[] key = it.key();
                entries.add(new ProcessState(states.get(key[1] & 0xFF).name(), KeyBytes.decode(key, 2, key.length - 2),
                        StateKeys.decodeTime(it.value()), it.value().length));
            }
        }
        return entries;
    }

    /** The watermark through which the task emitted windows (every window ending by it is dead), or null. */
    static Long emittedThrough(TaskStateStore store) throws IOException {
        byte[] mark = store.get(StateKeys.start(StateKeys.EMITTED_THROUGH));
        return mark == null ? null : StateKeys.decodeTime(mark);
    }
}
