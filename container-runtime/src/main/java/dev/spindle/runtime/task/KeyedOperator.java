package dev.spindle.runtime.task;

import dev.spindle.api.job.StreamJob;
import dev.spindle.api.window.FixedWindows;
import dev.spindle.api.window.SessionWindows;
import dev.spindle.runtime.plan.PlannedBatch;
import java.io.IOException;
import java.util.List;

/**
 * The keyed operator of one task in one batch — the job's windows or its keyed process function —
 * over the batch's {@link StateOverlay}. Per batch: {@link #start}, then {@link #slots} for each accepted value as it
 * is decided (the state it will read, fetched in batched lookups by the processor), {@link #add}
 * for each in offset order once fetched, {@link #finish} after the last, then {@link #emit}.
 */
interface KeyedOperator {
    /** Before the batch's first value: what the batch's clocks make due (a process function's timers). */
    default void start() throws IOException {}

    /** The state slots the value will read and change. */
    StateOverlay.Slot[] slots(Object value, long eventTime, String key);

    /** Adds the value to its window(s), or hands it to the process function; its slots were fetched. */
    void add(StateOverlay.Slot[] slots, Object value, long eventTime, String key) throws IOException;

    /** Writes what {@link #add} kept decoded back into the overlay, encoded. */
    void finish() throws IOException;

    /**
     * The batch's rows: of every window the watermark closed, in emit order (their state is
     * dropped); of a process function, those it emitted for the values, then for its due timers.
     *
     * @param watermark the batch's watermark, null before any value was accepted (−∞)
     */
    List<String> emit(Long watermark) throws IOException;

    /** The operator of the job's windows, or of its process function, for one batch. */
    static KeyedOperator forBatch(StreamJob job, StateOverlay state, PlannedBatch plan) throws IOException {
        if (job.process() != null) {
            return new ProcessOperator(job.process(), state, plan.watermark(), plan.batchTimeMillis());
        }
        if (job.windows() instanceof SessionWindows sessions) {
            return new SessionWindowOperator(job, sessions, state);
        }
        return new FixedWindowOperator(job, (FixedWindows) job.windows(), state);
    }
}
