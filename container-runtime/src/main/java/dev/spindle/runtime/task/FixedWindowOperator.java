package dev.spindle.runtime.task;

import dev.spindle.api.Aggregate;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.window.FixedWindows;
import dev.spindle.api.window.WindowResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tumbling and sliding windows: one state entry per (window end, key) in the 0x03 keyspace
 * ({@link StateKeys}), which the task's {@link WindowIndex} holds in memory. A value is added to
 * the accumulator of each of its windows, decoded on first use in the batch and kept decoded in
 * its slot until the batch's values are all in (then encoded once). Windows ending after every
 * window the state holds are known to be absent, so most of a batch's new windows need no lookup.
 */
final class FixedWindowOperator implements KeyedOperator {
    private final StreamJob job;
    private final FixedWindows windows;
    private final Aggregate<Object, Object, Object> aggregate;
    private final StateOverlay state;
    private final long lastStoredWindowEnd;
    private final List<StateOverlay.Slot> touched = new ArrayList<>();

    FixedWindowOperator(StreamJob job, FixedWindows windows, StateOverlay state) throws IOException {
        this.job = job;
        this.windows = windows;
        this.aggregate = job.aggregate();
        this.state = state;
        this.lastStoredWindowEnd = lastStoredWindowEnd(state);
    }

    @Override
    public StateOverlay.Slot[] slots(Object value, long eventTime, String key) {
        long[] ends = windows.endsOf(eventTime);
        StateOverlay.Slot[] slots = new StateOverlay.Slot[ends.length];
        for (int i = 0; i < ends.length; i++) {
            slots[i] = state.slot(StateKeys.window(ends[i], key));
            if (ends[i] > lastStoredWindowEnd) {
                state.knownAbsent(slots[i]);
            }
        }
        return slots;
    }

    /**
     * User code ({@link Aggregate#decode}, {@code add}, {@code result}) only ever sees copies of
     * stored bytes: an attempt that is abandoned must leave the committed state as it was.
     */
    @Override
    public void add(StateOverlay.Slot[] slots, Object value, long eventTime, String key) throws IOException {
        for (StateOverlay.Slot window : slots) {
            if (!window.isDecoded()) {
                byte[] stored = state.get(window);
                // A copy: the stored bytes may be the committed index's, and decode may wrap them for add to change.
                window.decoded(stored == null ? aggregate.zero() : aggregate.decode(stored.clone()));
                touched.add(window);
            }
            window.decoded(aggregate.add(window.decoded(), value));
        }
    }

    @Override
    public void finish() {
        for (StateOverlay.Slot window : touched) {
            state.put(window, aggregate.encode(window.decoded()));
        }
    }

    /**
     * Emits every window whose end is at most the watermark and moves the emitted-through mark to
     * the watermark, which drops them: a window at or below the mark is dead, so none needs a
     * delete of its own. Windows up to the previous mark are gone already (a value accepted since
     * is not late, so its window ends after that mark): the scan starts there. The mark is part of
     * the committed state, so a replay or a fallback to an older commit starts where the original
     * did.
     */
    @Override
    public List<String> emit(Long watermark) throws IOException {
        if (watermark == null) {
            return List.of(); // −∞ closes nothing
        }
        List<String> rows = new ArrayList<>();
        long size = windows.sizeMillis();
        Long emittedThrough = emittedThrough(state);
        if (emittedThrough != null && emittedThrough == watermark) {
            return rows;
        }
        byte[] from = firstUnemittedWindowKey(emittedThrough);
        state.scan(from, StateKeys.after(StateKeys.WINDOW, watermark), (key, accumulator) -> {
            long end = StateKeys.timeOf(key);
            Object result = aggregate.result(aggregate.decode(accumulator.clone())); // user code gets a copy
            rows.add(job.formatter().format(new WindowResult<>(end - size, end, StateKeys.textOf(key), result)));
        });
        state.windowsEmittedThrough(watermark); // the mark below removes the emitted windows
        state.put(StateKeys.start(StateKeys.EMITTED_THROUGH), StateKeys.encodeTime(watermark));
        return rows;
    }

    /**
     * The largest window end in the committed state (Long.MIN_VALUE when it holds no window). The
     * walk back starts at the newest windows and stops at the emitted ones, whose tombstones it never
     * crosses.
     */
    private static long lastStoredWindowEnd(StateOverlay state) throws IOException {
        byte[] last = state.lastStoredKey(firstUnemittedWindowKey(emittedThrough(state)),
                StateKeys.start((byte) (StateKeys.WINDOW + 1)));
        return last == null ? Long.MIN_VALUE : StateKeys.timeOf(last);
    }

    /** The watermark through which windows were emitted (a mark in the state), or null before the first emit. */
    private static Long emittedThrough(StateOverlay state) throws IOException {
        byte[] emitted = state.get(StateKeys.start(StateKeys.EMITTED_THROUGH));
        return emitted == null ? null : StateKeys.decodeTime(emitted);
    }

    /** Where the windows still in the state start: every window ending by {@code emittedThrough} is gone. */
    private static byte[] firstUnemittedWindowKey(Long emittedThrough) {
        return emittedThrough == null ? StateKeys.start(StateKeys.WINDOW)
                : StateKeys.after(StateKeys.WINDOW, emittedThrough);
    }
}
