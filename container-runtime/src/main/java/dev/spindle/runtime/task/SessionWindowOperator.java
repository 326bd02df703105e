package dev.spindle.runtime.task;

import dev.spindle.api.KeyBytes;
import dev.spindle.api.MergeableAggregate;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.window.SessionWindows;
import dev.spindle.api.window.WindowResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Session windows: a key's open sessions in one 0x04 entry ({@link OpenSessions}), and one 0x05
 * entry per open session keyed by (session end, key), so the sessions the watermark closes come
 * out of one range scan in (end, key bytes) order, without reading any other key. A value joins or
 * merges its key's sessions; the 0x05 entries follow the ends at {@link #finish}.
 *
 * <p>A batch never changes a session it emits: its values are not late ({@code ts ≥ wm_b}), so
 * every session they touch ends after {@code wm_b}.
 */
final class SessionWindowOperator implements KeyedOperator {
    private static final byte[] PRESENT = {1};

    private final StreamJob job;
    private final long gap;
    private final MergeableAggregate<Object, Object, Object> aggregate;
    private final StateOverlay state;
    private final Set<StateOverlay.Slot> touched = new LinkedHashSet<>(); // a slot is one object per key

    @SuppressWarnings("unchecked")
    SessionWindowOperator(StreamJob job, SessionWindows windows, StateOverlay state) {
        this.job = job;
        this.gap = windows.gapMillis();
        this.aggregate = (MergeableAggregate<Object, Object, Object>) (Object) job.aggregate();
        this.state = state;
    }

    @Override
    public StateOverlay.Slot[] slots(Object value, long eventTime, String key) {
        return new StateOverlay.Slot[] {state.slot(StateKeys.sessions(key))};
    }

    @Override
    public void add(StateOverlay.Slot[] slots, Object value, long eventTime, String key) throws IOException {
        sessionsOf(slots[0]).add(eventTime, gap, value, aggregate);
    }

    /** The slot's sessions, decoded on first use in the batch (from a copy: user code may change what it decodes). */
    private OpenSessions sessionsOf(StateOverlay.Slot slot) throws IOException {
        if (!slot.isDecoded()) {
            byte[] stored = state.get(slot);
            slot.decoded(stored == null ? OpenSessions.none() : OpenSessions.decode(stored.clone(), aggregate));
            touched.add(slot);
        }
        return (OpenSessions) slot.decoded();
    }

    /** Encodes every changed key's sessions, and moves its 0x05 entries to the ends it has now. */
    @Override
    public void finish() {
        for (StateOverlay.Slot slot : touched) {
            OpenSessions sessions = (OpenSessions) slot.decoded();
            String key = KeyBytes.decode(slot.key(), 1, slot.key().length - 1);
            if (sessions.isEmpty()) {
                state.delete(slot.key());
            } else {
                state.put(slot, sessions.encode(aggregate));
            }
            long[] ends = sessions.ends();
            for (long end : sessions.storedEnds()) {
                if (!contains(ends, end)) {
                    state.delete(StateKeys.sessionEnd(end, key));
                }
            }
            for (long end : ends) {
                if (!contains(sessions.storedEnds(), end)) {
                    state.put(StateKeys.sessionEnd(end, key), PRESENT);
                }
            }
        }
        touched.clear();
    }

    /**
     * Emits every session ending at or before the watermark, in (end, key bytes) order, and drops
     * it with its 0x05 entry.
     */
    @Override
    public List<String> emit(Long watermark) throws IOException {
        if (watermark == null) {
            return List.of(); // −∞ closes nothing
        }
        List<byte[]> ended = new ArrayList<>();
        state.scan(StateKeys.start(StateKeys.SESSION_END), StateKeys.after(StateKeys.SESSION_END, watermark),
                (key, present) -> ended.add(key));
        List<String> rows = new ArrayList<>(ended.size());
        for (byte[] endKey : ended) {
            long end = StateKeys.timeOf(endKey);
            String key = StateKeys.textOf(endKey);
            StateOverlay.Slot slot = state.slot(StateKeys.sessions(key));
            OpenSessions sessions = sessionsOf(slot);
            touched.add(slot); // when finished already by the batch's values: finish it again below
            for (OpenSessions.Session session : sessions.removeEndedBy(end)) {
                Object result = aggregate.result(session.accumulator);
                rows.add(job.formatter().format(new WindowResult<>(session.start, session.end, key, result)));
            }
        }
        finish();
        return rows;
    }

    private static boolean contains(long[] values, long value) {
        for (long v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
